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
# pip's output goes to .venv/pip-install.log (its tail is shown when pip fails); while pip
# runs, a line per stage with the time since the start (pip takes ~40 s on a fresh clone).
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

# progress: read pip's output; print "venv: 12s <stage>" when the stage changes, and again
# after 10 s in the same stage (while collecting, with the count of packages so far).
progress() {
    local line stage="starting pip" next n=0 said=${EPOCHREALTIME/./}
    while true; do
        if IFS= read -r -t 10 line; then
            case $line in
                *"Installing build dependencies: started") next="installing the build backend" ;;
                *"Getting requirements to build"*started|*"Preparing editable metadata"*started)
                    next="reading the project's metadata" ;;
                "Collecting "*|"Processing "*|"Requirement already satisfied"*)
                    n=$((n + 1)); next="collecting packages" ;;
                "Building wheels"*) next="building the project's wheel" ;;
                "Installing collected packages: "*)
                    line=${line#*: }; line=${line//[^,]/}
                    next="installing $(( ${#line} + 1 )) package(s)" ;;
                *) next=$stage ;;
            esac
            if [[ $next != "$stage" ]]; then
                stage=$next; said=${EPOCHREALTIME/./}
                echo "venv: $(since) $stage"
                continue
            fi
            ((${EPOCHREALTIME/./} - said >= 10000000)) || continue
        elif (($? <= 128)); then
            break   # pip's output ended
        fi
        said=${EPOCHREALTIME/./}
        if [[ $stage == "collecting packages" ]]; then
            echo "venv: $(since) $stage ($n so far)"
        else
            echo "venv: $(since) $stage (still)"
        fi
    done
}

spec=".[$(IFS=,; echo "${todo[*]}")]"
echo "venv: $(since) pip install -e '$spec' (log .venv/pip-install.log)"
if ! .venv/bin/python -m pip install --disable-pip-version-check -e "$spec" 2>&1 |
        tee .venv/pip-install.log | progress; then
    tail -n 30 .venv/pip-install.log >&2
    echo "venv: FAILED: pip install -e '$spec' (full log: .venv/pip-install.log)" >&2
    exit 1
fi
.venv/bin/python -c 'import jupyter_docker' ||
    { echo "venv: FAILED: installed, but 'import jupyter_docker' fails" >&2; exit 1; }
for extra in "${todo[@]}"; do echo "$hash" >".venv/.installed-$extra"; done
echo "venv: ${created}installed -e '$spec' in $(since) (python $py, log .venv/pip-install.log)"
