#!/usr/bin/env bash
# Checks that a bad corpus fails the build (build.rs) with a message naming the file and the
# reason, and that other files are skipped with a cargo warning naming them.
set -uo pipefail
cd "$(dirname "$0")/.."

failures=0
expect() { # expect <ok|fail> <SOU_CORPUS> <text that the output must contain>...
  local want=$1 corpus=$2
  shift 2
  local out status
  out=$(SOU_CORPUS="$corpus" cargo build -p sou --lib --color never 2>&1)
  status=$?
  if { [ "$want" = fail ] && [ $status = 0 ]; } || { [ "$want" = ok ] && [ $status != 0 ]; }; then
    echo "FAIL: SOU_CORPUS=$corpus: expected the build to $want, exit status $status" >&2
    echo "$out" | tail -5 >&2
    failures=$((failures + 1))
    return
  fi
  for text in "$@"; do
    if ! grep -qF -- "$text" <<<"$out"; then
      echo "FAIL: SOU_CORPUS=$corpus: the output does not say: $text" >&2
      echo "$out" | tail -5 >&2
      failures=$((failures + 1))
    fi
  done
  echo "ok: SOU_CORPUS=$corpus"
}

expect fail tests/fixtures/no-such-folder "corpus folder" "tests/fixtures/no-such-folder does not exist" "SOU_CORPUS"
expect fail tests/fixtures/not-utf8 "gbk.txt is not valid UTF-8" "offset 0"
expect fail tests/fixtures/empty "has no .txt, .md, .mdx or .html file"
expect ok tests/fixtures/with-other-files "skipped notes.rtf"

# Leave the default index built, as the rest of the tests expect.
cargo build -p sou --lib --quiet
exit $((failures > 0))
