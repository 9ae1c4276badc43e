#!/usr/bin/env bash
# Builds the wasm module with the index of $SOU_CORPUS (default: seeds/) into www/pkg/ (or the
# folder given as the last argument): sou.js (the glue, default export `init`) and sou_bg.wasm,
# shrunk with wasm-opt -Oz.
#
# With --no-index it builds instead the module that embeds no index and searches one loaded at
# run time (`<sou-search index="site.sou">`): sou_runtime.js and sou_runtime_bg.wasm, added to
# the folder beside whatever is there.
#
# With SOU_SHARDS=1, for a site too large for one module (docs/scaling.md), sou.js and
# sou_bg.wasm embed no index either: the index of $SOU_CORPUS is written beside them in shards
# (`sou index --shards`: index.sou and index.<n>.<hash>.sou), and <sou-search> fetches index.sou
# and then the shards each query needs. SOU_SHARD_KIB sets the text per shard (default 48).
set -euo pipefail
cd "$(dirname "$0")/.."
name=sou features=()
if [ "${1:-}" = --no-index ]; then
  name=sou_runtime features=(--no-default-features)
  shift
elif [ -n "${SOU_SHARDS:-}" ] && [ "${SOU_SHARDS}" != 0 ]; then
  features=(--no-default-features)
fi
out=${1:-www/pkg}

cargo build -p sou --lib --release --target wasm32-unknown-unknown "${features[@]}"
if [ "$name" = sou ]; then rm -rf "$out"; fi
if [ "$name" = sou ] && [ ${#features[@]} -gt 0 ]; then
  mkdir -p "$out"
  # The corpus goes to the command, not to its build: its own embedded index stays the seeds'.
  env -u SOU_CORPUS -u SOU_BASE_URL -u SOU_URL_SUFFIX cargo run -q --release -p sou-cli -- \
    index "${SOU_CORPUS:-seeds}" -o "$out/index.sou" --shards --shard-kib "${SOU_SHARD_KIB:-48}" \
    --base-url "${SOU_BASE_URL:-}" --url-suffix "${SOU_URL_SUFFIX:-}"
fi
wasm-bindgen --target web --out-dir "$out" --out-name "$name" "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/sou.wasm"
# query() and search() are JavaScript over the module's packed answer (src/wasm.js, which says why).
{ echo; cat src/wasm.js; } >> "$out/$name.js"
cat src/wasm.d.ts >> "$out/$name.d.ts"
if [ -x node_modules/.bin/wasm-opt ]; then
  # --converge repeats -Oz while it still shrinks the module. --low-memory-unused lets wasm-opt
  # fold small constant offsets into loads and stores: Rust's wasm32 memory starts with the
  # 1 MiB stack, whose lowest kilobyte only a stack about to overflow reaches. The
  # target_features section is for tools, not browsers.
  node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused \
    --strip-debug --strip-producers --strip-target-features \
    --enable-simd --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-mutable-globals \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.opt.wasm"
  mv "$out/${name}_bg.opt.wasm" "$out/${name}_bg.wasm"
else
  echo "sou: wasm-opt not found (run scripts/ensure-tools.sh); the module is not shrunk" >&2
fi
if [ "$name" = sou ] && [ ${#features[@]} -gt 0 ]; then
  # Tells <sou-search> where the index is as soon as the glue is imported, so it fetches the head
  # while the module compiles instead of after.
  printf '\n// sou: this module embeds no index; its index is beside it, in shards.\nexport const INDEX_FILE = "index.sou";\n' >> "$out/sou.js"
fi
rm -f "$out/.gitignore"
ls -l "$out" >&2
if [ "$name" = sou ] && [ ${#features[@]} -eq 0 ]; then
  gzipped=$(gzip -9c "$out/sou_bg.wasm" | wc -c)
  if [ "$gzipped" -gt $((1024 * 1024)) ]; then
    echo "sou: the module is $((gzipped / 1024)) KB of gzip, all fetched before the first result; SOU_SHARDS=1 puts the index in shards beside it, fetched as queries need them (docs/scaling.md)" >&2
  fi
fi
