#!/usr/bin/env bash
# The README's two commands as a newcomer types them: a fresh clone of this repository (what
# is committed), whatever Node is first on PATH, `npm install`, then `npm run demo` until the
# api's /health/live answers. Used by .ci/run; prints the times.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
demo_pid=""
cleanup() {
  # Ctrl-C as a terminal sends it: to the demo's whole process group.
  if [ -n "$demo_pid" ]; then kill -INT -- "-$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

git clone --quiet "$repo" "$work/mostrador"
cd "$work/mostrador"
echo "node on PATH: $(node --version)"
started=$(date +%s)
npm install --no-audit --no-fund --loglevel=error
installed=$(date +%s)
echo "npm install: $((installed - started)) s"

# Free ports, so a demo already running on 3000/3100 does not answer for this one.
api_port=$(free_port)
sandbox_port=$(free_port)
inventory_port=$(free_port)
PORT=$api_port SANDBOX_PORT=$sandbox_port SANDBOX_INVENTORY_PORT=$inventory_port \
  setsid npm run demo > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 180); do
  # The demo says it is up once the api and the sandbox both answer /health/live.
  if grep -q 'demo is up' "$work/demo.log" && curl -fsS "http://127.0.0.1:$api_port/health/live" >/dev/null; then
    echo "npm run demo: up $(( $(date +%s) - installed )) s after the install ($(grep -m1 -o 'demo is up in .*' "$work/demo.log"))"
    exit 0
  fi
  if ! kill -0 "$demo_pid" 2>/dev/null; then break; fi
  sleep 1
done
echo "npm run demo did not come up; its output:" >&2
tail -n 40 "$work/demo.log" >&2
exit 1
