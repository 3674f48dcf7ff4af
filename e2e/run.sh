#!/usr/bin/env bash
# npm run test:e2e — the extension in a real VS Code (code-server), on a machine without
# internet: installs Chromium and code-server if missing (e2e/setup.sh), packages the .vsix,
# then runs e2e/run.mjs. Screenshots and logs go to e2e/out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash e2e/setup.sh
npm run --silent package >/dev/null
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/suanpan-e2e-XXXXXX")"
export SUANPAN_E2E_RUN_DIR="$run_dir"
cleanup() {
  # code-server runs in its own process group; make sure none of it outlives the test
  if [ -f "$run_dir/code-server.pgid" ]; then
    pgid="$(cat "$run_dir/code-server.pgid")"
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in 1 2 3 4 5; do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
timeout --kill-after=20 900 node e2e/run.mjs
# the CLI's HTML report in headless Chromium (screenshots beside the others, in e2e/out/)
timeout --kill-after=20 120 node e2e/html-report.mjs
