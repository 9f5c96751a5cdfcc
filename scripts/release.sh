#!/usr/bin/env bash
# Write a release's files into dist/: the wheel and the constraints file that
# makes its PDFs reproducible, named after the version (policybrief --version).
#   bash scripts/release.sh
# Publish both next to the tag vX.Y.Z (see CHANGELOG.md).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
[ -x .venv/bin/python ] && python=.venv/bin/python
version=$("$python" -c 'import policybrief; print(policybrief.__version__)')
rm -rf dist build
"$python" -m pip wheel -q --disable-pip-version-check --no-deps -w dist .
cp constraints.txt "dist/policybrief-${version}-constraints.txt"
rm -rf build
ls dist
