#!/usr/bin/env bash
# A production install from a clean clone: `npm ci --omit=dev` beside the build, then `npm start`
# must serve the app. Prints both node_modules sizes (development vs production install).
# Usage: scripts/production-check.sh (from a checkout that has run `npm ci && npm run build`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/samla-production-XXXXXX)
# mktemp makes the folder private (0700); as root, the postgres user must pass it to reach DATA_DIR.
chmod 755 "$work"
trap 'kill "${server:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

git clone -q "$root" "$work/samla"
cp -r build "$work/samla/build"
cd "$work/samla"
npm ci --omit=dev --no-audit --no-fund > "$work/npm.log" 2>&1 || { cat "$work/npm.log"; exit 1; }
port=4391
PORT=$port HOST=127.0.0.1 DATA_DIR="$work/data" npm start > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
	if curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then break; fi
	sleep 1
done
if ! curl -fsS "http://127.0.0.1:$port/" > /dev/null; then
	echo "production check: the app did not answer"; cat "$work/server.log"; exit 1
fi
# npm ci ran scripts/patch-postgres.mjs (postinstall); the server says so when it did not.
if grep -q 'postgres.js is not patched' "$work/server.log"; then
	echo "production check: postgres.js was not patched by the install"; cat "$work/server.log"; exit 1
fi
full=$(du -sm "$root/node_modules" | cut -f1)
production=$(du -sm node_modules | cut -f1)
echo "production check: npm ci --omit=dev && npm start serves the app; node_modules ${production} MB (full install ${full} MB, $(( 100 - 100 * production / full )) % smaller)"
