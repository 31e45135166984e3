#!/usr/bin/env bash
# Source this file: it puts Node >= 22 first on PATH.
# The machine's Node may be older (Nest 12, opossum 10, strong-soap 6 and supabase-js need 22+),
# so when it is, install the `node@24` npm package (it ships the binary) into .tools/ and use it.
_mostrador_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_mostrador_tools="$_mostrador_root/.tools"
_mostrador_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$_mostrador_tools/node_modules/.bin/node" ]; then
  export PATH="$_mostrador_tools/node_modules/.bin:$PATH"
fi
if [ "$(_mostrador_major)" -lt 22 ]; then
  echo "ensure-node: Node $(node --version 2>/dev/null || echo none) is older than 22; installing node@24 into .tools/" >&2
  mkdir -p "$_mostrador_tools"
  npm install --prefix "$_mostrador_tools" --no-save --no-package-lock --loglevel=error node@24 >&2
  export PATH="$_mostrador_tools/node_modules/.bin:$PATH"
fi
if [ "$(_mostrador_major)" -lt 22 ]; then
  echo "ensure-node: could not get Node >= 22 on PATH" >&2
  return 1 2>/dev/null || exit 1
fi
unset -f _mostrador_major
unset _mostrador_root _mostrador_tools
