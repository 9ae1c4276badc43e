#!/usr/bin/env bash
# Builds the wasm module with the index of $SOU_CORPUS (default: seeds/) into www/pkg/ (or the
# folder given as the first argument): sou.js (the glue, default export `init`) and sou_bg.wasm,
# shrunk with wasm-opt -Oz.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-www/pkg}

cargo build -p sou --lib --release --target wasm32-unknown-unknown
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name sou "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/sou.wasm"
if [ -x node_modules/.bin/wasm-opt ]; then
  # --converge repeats -Oz while it still shrinks the module. --low-memory-unused lets wasm-opt
  # fold small constant offsets into loads and stores: Rust's wasm32 memory starts with the
  # 1 MiB stack, whose lowest kilobyte only a stack about to overflow reaches. The
  # target_features section is for tools, not browsers.
  node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused \
    --strip-debug --strip-producers --strip-target-features \
    --enable-simd --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-mutable-globals \
    "$out/sou_bg.wasm" -o "$out/sou_bg.opt.wasm"
  mv "$out/sou_bg.opt.wasm" "$out/sou_bg.wasm"

else
  echo "sou: wasm-opt not found (run scripts/ensure-tools.sh); the module is not shrunk" >&2
fi
rm -f "$out/.gitignore"
ls -l "$out" >&2
