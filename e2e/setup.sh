#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a Debian machine without internet (only the
# npm registry and Debian's packages reachable): Chromium, code-server 4.100.3 (VS Code
# 1.100.3) and playwright-core, into e2e/code-server/. Idempotent: a second run is quick.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cs="$here/code-server"
log() { printf '[e2e setup] %s\n' "$*" >&2; }
# a registry hiccup should not fail CI: try again, twice, after a pause
retry() { local n; for n in 1 2 3; do "$@" && return 0; log "failed (try $n of 3): $*"; [ "$n" = 3 ] || sleep $((n * 10)); done; return 1; }

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
# a CJK font, so that the screenshots show the reports' Chinese text
[ -d /usr/share/fonts/truetype/wqy ] || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then log "missing Debian packages: ${need_apt[*]} (run as root or install them)"; exit 1; fi
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  retry apt-get update -qq >/dev/null
  retry timeout 900 apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$cs/node_modules/code-server/lib/vscode/node_modules/node-pty/package.json" ] \
   && [ -f "$cs/node_modules/playwright-core/package.json" ] \
   && [ -f "$cs/node_modules/code-server/.suanpan-installed" ]; then
  log "code-server already installed"
  exit 0
fi

log "npm install code-server 4.100.3 + playwright-core into $cs (about a minute)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds it in its cache:
# give it Debian's rg under the name it looks for.
mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11" "$tmp/rg"
cp "$(command -v rg)" "$tmp/rg/rg"
tar -C "$tmp/rg" -czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
# code-server's postinstall runs nested npm installs of VS Code's own modules (node-pty,
# kerberos, ...), which must build: allow their install scripts for this folder's install
# only; node-pty's script calls `npx node-gyp` (needs yes=true) and code-server's script
# refuses to run as root without unsafe-perm.
(
  cd "$cs"
  export TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true \
         npm_config_dangerously_allow_all_scripts=true npm_config_audit=false npm_config_fund=false
  if [ -f package-lock.json ]; then cmd=(npm ci); else cmd=(npm install); fi
  retry timeout 900 "${cmd[@]}" --no-progress > "$tmp/npm.log" 2>&1 || { tail -40 "$tmp/npm.log" >&2; log "npm install failed"; exit 1; }
)
[ -f "$cs/node_modules/code-server/lib/vscode/node_modules/node-pty/package.json" ] || { log "code-server's VS Code modules are missing after install"; exit 1; }
touch "$cs/node_modules/code-server/.suanpan-installed"
log "installed"
