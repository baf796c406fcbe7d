#!/usr/bin/env bash
# Installs what the editor tests need, skipping what is already there: Debian packages (Chromium,
# code-server's native build deps, ripgrep) and code-server 4.100.3 (= VS Code 1.100.3) from npm
# into a cache folder outside the repository. Safe to run repeatedly; .ci/run calls it before tests.
#   WORKLOAD_HINTS_E2E_CACHE  cache folder (default ~/.cache/workload-hints-e2e)
set -euo pipefail

CACHE=${WORKLOAD_HINTS_E2E_CACHE:-$HOME/.cache/workload-hints-e2e}
CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep version pinned by code-server 4.100.3, and the rg release it would download.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
APT_PACKAGES=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3 curl)

log() { printf '[e2e-setup] %s\n' "$*"; }

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages present"
    return
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here); it looks in
# $TMPDIR/vscode-ripgrep-cache-<version>/ first, so seed that with Debian's rg.
seed_ripgrep_cache() {
  local dir="$CACHE/tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  if [ -s "$dir/$RIPGREP_TARBALL" ]; then
    log "ripgrep cache seeded"
    return
  fi
  local staging
  staging=$(mktemp -d "$CACHE/tmp/rg-XXXXXX")
  cp /usr/bin/rg "$staging/rg"
  mkdir -p "$dir"
  tar czf "$dir/$RIPGREP_TARBALL.partial" -C "$staging" rg
  mv "$dir/$RIPGREP_TARBALL.partial" "$dir/$RIPGREP_TARBALL"
  rm -rf "$staging"
  log "ripgrep cache seeded from /usr/bin/rg"
}

# Prints e.g. "4.100.3" (the first run may log a config line before the version line).
code_server_version() {
  XDG_CONFIG_HOME="$CACHE/home/config" XDG_DATA_HOME="$CACHE/home/data" XDG_CACHE_HOME="$CACHE/home/cache" \
    node "$CACHE/code-server/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1
}

install_code_server() {
  if [ "$(code_server_version || true)" = "$CODE_SERVER_VERSION" ]; then
    log "code-server $CODE_SERVER_VERSION present in $CACHE/code-server"
    return
  fi
  log "installing code-server@$CODE_SERVER_VERSION into $CACHE/code-server (a few minutes)"
  mkdir -p "$CACHE/code-server"
  [ -f "$CACHE/code-server/package.json" ] ||
    printf '{ "name": "workload-hints-e2e-tools", "version": "1.0.0", "private": true }\n' >"$CACHE/code-server/package.json"
  # npm 11 reads unsafe-perm only from the environment (code-server's postinstall checks it as root);
  # `yes` lets node-pty's `npx node-gyp` run without a terminal.
  (cd "$CACHE/code-server" &&
    TMPDIR="$CACHE/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm install "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund --foreground-scripts --loglevel=error)
  local got
  got=$(code_server_version || true)
  if [ "$got" != "$CODE_SERVER_VERSION" ]; then
    log "code-server install failed (version reported: '${got:-none}')"
    exit 1
  fi
  log "code-server $got installed"
}

mkdir -p "$CACHE/tmp" "$CACHE/home"
install_apt_packages
seed_ripgrep_cache
install_code_server
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium missing after install"; exit 1; }
log "ready: code-server at $CACHE/code-server/node_modules/code-server/out/node/entry.js, chromium at /usr/bin/chromium"
