#!/usr/bin/env bash
# Set up (first run only) and build the example briefs into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python build.py "$@"
