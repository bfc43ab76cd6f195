#!/usr/bin/env bash
# Install the project, make sure an engine answers, open JupyterLab on notebooks/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
bash scripts/venv.sh lab
exec .venv/bin/jupyter lab --notebook-dir=notebooks "$@"
