#!/usr/bin/env bash
# Create .venv and install the project with EXTRA (test or lab) when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRA=${1:-test}
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=".venv/.installed-$EXTRA"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "venv: installing .[$EXTRA]"
  .venv/bin/pip install -q -U pip 2>&1 | grep -v WARNING || true
  .venv/bin/pip install -q -e ".[$EXTRA]" 2>&1 | grep -v "WARNING: Location" || true
  .venv/bin/python -c "import jupyter_docker, pandas, docker, IPython" && touch "$stamp"
fi
echo "venv: ready"
