#!/usr/bin/env bash
# Provision everything the tests need, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh --test
bash scripts/venv.sh test
exec .venv/bin/python -m pytest "$@"
