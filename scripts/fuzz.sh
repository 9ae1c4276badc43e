#!/usr/bin/env bash
# Runs each fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for a bounded time:
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   which targets (default: query index corpus)
#   FUZZ_JOBS      parallel fuzzing processes per target (default 1)
# Installs cargo-fuzz when it is missing. Works on the stable toolchain: cargo-fuzz passes
# nightly-only -Z flags to rustc (the coverage instrumentation libFuzzer needs), which
# RUSTC_BOOTSTRAP=1 lets a stable compiler accept. The targets are built with debug assertions
# (overflow checks) and without a sanitizer: the only unsafe code in sou trusts the text of the
# index embedded in its own build to be UTF-8 (`Index::open_trusted`), which no target feeds
# anything else to, and ASan halves the speed (FUZZ_SANITIZER=address to have it anyway).
# A crash stops the run and leaves its input in fuzz/artifacts/<target>/; reproduce it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -a <target> fuzz/artifacts/<target>/<file>
# and make it a regression test in the normal test suite (tests/*.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-query index corpus}
jobs=${FUZZ_JOBS:-1}
sanitizer=${FUZZ_SANITIZER:-none}

say() { printf 'sou: %s\n' "$*" >&2; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

# Starting inputs, made from the repository each run (libFuzzer adds what it finds to
# fuzz/corpus/<target>/, which is kept between runs and not committed).
seeds=fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/query "$seeds"/index "$seeds"/corpus
n=0
# query: a page byte, then a judged query.
cut -f1 tests/queries/*.tsv | grep -v '^#' | while IFS= read -r q; do
  n=$((n + 1))
  printf '\x03%s' "$q" >"$seeds/query/$n"
done
# index: mode 1 without edits (the embedded index as it is), and a few edits.
printf '\x01' >"$seeds/index/intact"
printf '\x01\x40\x00\x00\x00\xff' >"$seeds/index/edit"
printf '\x00sou-idx\x00\x03\x00\x00\x00' >"$seeds/index/header"
# corpus: the seed articles and a few pages of the Vue docs (`sed`, not `head`: head stops
# reading at 20 lines, and sort, writing the rest, dies of SIGPIPE, which pipefail makes fatal).
cp seeds/*.txt "$seeds/corpus/"
find tests/corpora/vue-docs-zh -name '*.md' | sort | sed -n 1,20p | while IFS= read -r f; do
  cp "$f" "$seeds/corpus/$(echo "$f" | tr / _)"
done
cp tests/browser/fixtures/embed.html "$seeds/corpus/"

for target in $targets; do
  mkdir -p "fuzz/corpus/$target"
  say "fuzzing $target for ${seconds}s"
  max_len=4096
  [ "$target" = corpus ] && max_len=16384
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  # -timeout: an input that takes over 10 s is a finding (a runaway parse or query), not slowness.
  cargo fuzz run --sanitizer "$sanitizer" --debug-assertions --fuzz-dir fuzz "$target" \
    "fuzz/corpus/$target" "$seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    "${parallel[@]}" -print_final_stats=1
done
say "fuzzing done: nothing found"
