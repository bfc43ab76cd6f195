#!/usr/bin/env bash
# Provision everything the tests need (engine, base image, H2, registry, chromium),
# install the project into .venv, then run pytest with the given arguments.
#
#   scripts/test.sh                         the whole suite
#   scripts/test.sh tests/test_engine.py -x any pytest arguments
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh --test
bash scripts/venv.sh test
# -ra: the closing summary also lists why tests failed / were skipped (one line each).
exec .venv/bin/python -m pytest -ra "$@"
