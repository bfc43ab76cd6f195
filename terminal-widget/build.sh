#!/usr/bin/env bash
# Rebuild jupyter_docker/terminal/terminal.js and terminal.css (the terminal widget's one ES
# module and its style, xterm.js included) from src/ with esbuild, and stamp them with the hash
# of their sources (jupyter_docker/terminal/SOURCES.sha256).
#
#   terminal-widget/build.sh    npm ci if node_modules/ is missing or stale, then bundle
#
# Needs node and npm. Commit the three outputs together with the source change. Prints one line.
set -euo pipefail
cd "$(dirname "$0")"
OUT=../jupyter_docker/terminal
die() { echo "terminal-widget: FAILED: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm not found (Debian: apt-get install nodejs npm)"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund >/tmp/jupyter-docker-terminal-npm-ci.log 2>&1 ||
        { tail -n 20 /tmp/jupyter-docker-terminal-npm-ci.log >&2; die "npm ci"; }
fi
npx esbuild src/terminal.js --bundle --format=esm --minify --legal-comments=eof \
    --outfile="$OUT/terminal.js" --log-level=warning || die "esbuild terminal.js"
npx esbuild src/terminal.css --bundle --minify --outfile="$OUT/terminal.css" \
    --log-level=warning || die "esbuild terminal.css"
python3 sources_hash.py >"$OUT/SOURCES.sha256"
echo "terminal-widget: built $OUT/terminal.js ($(du -h "$OUT/terminal.js" | cut -f1)) and terminal.css"
