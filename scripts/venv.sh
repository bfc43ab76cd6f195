#!/usr/bin/env bash
# Make .venv (if missing) and `pip install -e '.[EXTRAS]'` when pyproject.toml (or the
# prebuilt JupyterLab extension, which an editable install copies) changed.
#
#   scripts/venv.sh            extras "test"
#   scripts/venv.sh lab        extras "lab"  (scripts/venv.sh test,lab for both)
#
# Each extra has a stamp file .venv/.installed-<extra> holding the sha256 of the
# pyproject.toml and labextension/prebuilt/SOURCES.sha256 it was installed from; pip runs
# only for extras whose stamp differs.
# pip's output goes to .venv/pip-install.log (shown when pip fails). Prints one line.
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS=${1:-test}
PYTHON=${PYTHON:-python3}
T0=$EPOCHREALTIME
since() { local d=$(( (${EPOCHREALTIME/./} - ${T0/./}) / 1000000 )); echo "${d}s"; }

created=""
if ! .venv/bin/python -c '' 2>/dev/null; then
    "$PYTHON" -m venv .venv
    created="created .venv, "
fi

hash=$(cat pyproject.toml labextension/prebuilt/SOURCES.sha256 | sha256sum | cut -d' ' -f1)
todo=()
IFS=, read -ra wanted <<<"$EXTRAS"
for extra in "${wanted[@]}"; do
    [[ $(cat ".venv/.installed-$extra" 2>/dev/null) == "$hash" ]] || todo+=("$extra")
done

py=$(.venv/bin/python -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
if ((${#todo[@]} == 0)); then
    echo "venv: .venv up to date (python $py, .[$EXTRAS])"
    exit 0
fi

spec=".[$(IFS=,; echo "${todo[*]}")]"
if ! .venv/bin/python -m pip install --disable-pip-version-check -e "$spec" \
        >.venv/pip-install.log 2>&1; then
    tail -n 30 .venv/pip-install.log >&2
    echo "venv: FAILED: pip install -e '$spec' (full log: .venv/pip-install.log)" >&2
    exit 1
fi
.venv/bin/python -c 'import jupyter_docker' ||
    { echo "venv: FAILED: installed, but 'import jupyter_docker' fails" >&2; exit 1; }
for extra in "${todo[@]}"; do echo "$hash" >".venv/.installed-$extra"; done
echo "venv: ${created}installed -e '$spec' in $(since) (python $py, log .venv/pip-install.log)"
