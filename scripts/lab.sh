#!/usr/bin/env bash
# Make sure an engine answers and the base image exists, install the project with its
# "lab" extra into .venv, and open JupyterLab on notebooks/ (extra args go to jupyter lab).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
bash scripts/venv.sh lab
args=(--notebook-dir=notebooks)
[[ $(id -u) != 0 ]] || args+=(--allow-root)   # jupyter refuses to run as root without it
exec .venv/bin/jupyter lab "${args[@]}" "$@"
