#!/usr/bin/env bash
# Installs what building and testing sou needs, when it is missing, and nothing else:
#   the wasm32 target, wasm-bindgen-cli at exactly the version Cargo.lock pins for the crate,
#   the npm packages of package.json (binaryen's wasm-opt, playwright-core),
#   and, with --browser, Debian's chromium for the browser tests.
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0
for arg in "$@"; do
  [ "$arg" = --browser ] && browser=1
done

say() { printf 'sou: %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # --locked first; some registry mirrors lack a yanked dependency of the lock file, then resolve anew.
  cargo install wasm-bindgen-cli --version "=$want" --locked || cargo install wasm-bindgen-cli --version "=$want"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  say "installing the npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# The browser tests need Chromium, and CJK fonts for screenshots a person can read.
if [ "$browser" = 1 ] && { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "CJK"; }; then
  say "installing Debian's chromium and fonts-noto-cjk for the browser tests"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk
fi
