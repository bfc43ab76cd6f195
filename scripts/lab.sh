#!/usr/bin/env bash
# A classroom-complete machine, then JupyterLab on the lessons (extra args go to jupyter lab):
# make sure an engine answers, the base image exists and the lessons' registry runs
# (scripts/provision.sh --lab), install the project with its "lab" extra into .venv, and open
# JupyterLab on notebooks/. Once JupyterLab is up, the last lines say where the lessons are and
# the registry's address, user and password.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh --lab
bash scripts/venv.sh lab
read -r reg_addr reg_user reg_password < <(bash scripts/provision.sh --show-registry)
args=(--notebook-dir=notebooks)
# No "get notified about Jupyter news?" toast over every lesson (it asks to fetch news from
# the internet, which a classroom machine may not reach): the venv's JupyterLab defaults say no.
mkdir -p .venv/share/jupyter/lab/settings
cat >.venv/share/jupyter/lab/settings/overrides.json <<'JSON'
{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}
JSON
[[ $(id -u) != 0 ]] || args+=(--allow-root)   # jupyter refuses to run as root without it

# JupyterLab runs in this process ($$, through exec below); a detached watcher waits for its
# server file, then prints the summary after JupyterLab's own start-up lines.
runtime=$(.venv/bin/jupyter --runtime-dir)
(
    (
        for _ in $(seq 600); do
            if [[ -f $runtime/jpserver-$$.json ]]; then
                sleep 1
                url=$(.venv/bin/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' \
                    "$runtime/jpserver-$$.json" 2>/dev/null || true)
                echo
                echo "lab: ready${url:+ at ${url}lab (the token is in the link above)}"
                echo "lab: lessons   notebooks/ (English), notebooks/ko/ (Korean)"
                echo "lab: registry  $reg_addr  user $reg_user  password $reg_password  (lessons 2 and 7)"
                exit 0
            fi
            sleep 0.5
        done
    ) &
)
exec .venv/bin/jupyter lab "${args[@]}" "$@"
