#!/usr/bin/env bash
# Rebuild labextension/prebuilt/, the JupyterLab extension the wheel ships, from src/ and
# style/, and stamp it with the hash of its sources (prebuilt/SOURCES.sha256).
#
#   labextension/build.sh    npm ci if node_modules/ is missing or stale, build, pip install -e ..
#
# Needs node >= 20.19 and npm, and the project's .venv (jupyter-builder, from jupyterlab).
# Commit prebuilt/ together with the source change. Prints one line.
set -euo pipefail
cd "$(dirname "$0")"
T0=$EPOCHREALTIME
since() { echo "$(( (${EPOCHREALTIME/./} - ${T0/./}) / 1000000 ))s"; }
die() { echo "labextension: FAILED: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm not found (Debian: apt-get install nodejs npm)"
[[ -x ../.venv/bin/jupyter-builder ]] || die "../.venv/bin/jupyter-builder missing (run scripts/venv.sh test)"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund >/tmp/jupyter-docker-npm-ci.log 2>&1 ||
        { tail -n 20 /tmp/jupyter-docker-npm-ci.log >&2; die "npm ci (log /tmp/jupyter-docker-npm-ci.log)"; }
fi
rm -rf lib
PATH="$PWD/../.venv/bin:$PATH" npm run build >/tmp/jupyter-docker-labext-build.log 2>&1 ||
    { tail -n 30 /tmp/jupyter-docker-labext-build.log >&2; die "npm run build (log /tmp/jupyter-docker-labext-build.log)"; }
cp install.json prebuilt/install.json
../.venv/bin/python sources_hash.py >prebuilt/SOURCES.sha256
# An editable install holds a copy of prebuilt/ (hatch shared-data): refresh it.
../.venv/bin/python -m pip install --disable-pip-version-check --no-deps -e .. \
    >/tmp/jupyter-docker-labext-pip.log 2>&1 || die "pip install -e .. (log /tmp/jupyter-docker-labext-pip.log)"
echo "labextension: built prebuilt/ ($(du -sh prebuilt | cut -f1)) and reinstalled -e .. in $(since)"
