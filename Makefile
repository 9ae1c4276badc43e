# sou: the conventional entry points. Each installs what it needs when missing
# (scripts/ensure-tools.sh) and honours SOU_CORPUS (default: seeds/).
#
#   make demo    build the demo and serve it on http://127.0.0.1:$(PORT)
#   make test    run every test: Rust (native and wasm), build errors, browser
#   make site    build the publishable www/ (www/pkg/ with the module of $SOU_CORPUS and the
#                one that loads an index file, and www/dist/sou-offline.html)
#   make bench   print index sizes, build time and query latency (native and in Chromium), then
#                sou beside Pagefind, FlexSearch, MiniSearch and Orama (bench/peers.mjs), which
#                writes BENCHMARKS.md; BENCH_CORPUS=dir [BENCH_QUERIES=tsv] measures another
#                corpus instead and only prints
#   make example build the example site (examples/site/) into target/example/ and serve it
#   make scaling measure 0.05–20 MB corpora (docs/scaling.md, docs/scaling.svg); slow
#   make fuzz    run each fuzz target of fuzz/ for FUZZ_SECONDS (default 60); not part of make test

PORT ?= 8765
export SOU_CORPUS

.PHONY: all demo test site wasm tools browser-tools bench bench-tools example scaling fuzz clean

all: site

tools:
	@scripts/ensure-tools.sh

browser-tools:
	@scripts/ensure-tools.sh --browser

wasm: tools
	scripts/build-wasm.sh
	scripts/build-wasm.sh --no-index

site: wasm
	node scripts/offline.mjs

demo: site
	node scripts/serve.mjs www $(PORT)

test: browser-tools
	cargo test --workspace
	# The query path again, compiled as it is measured and shipped (opt-level 3): rustc 1.95 once
	# compiled the letter pair table wrongly there and nowhere else (see pair_table in src/index.rs).
	cargo test --profile bench --test recall --test judged --test queries --test sounds
	scripts/check-build-errors.sh
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test -p sou --target wasm32-unknown-unknown --test wasm
	$(MAKE) site
	node tests/browser/run.mjs

# The peers' packages live in bench/package.json (exact versions, bench/package-lock.json), out
# of the root package.json, so that make test never installs them.
# npm ci first; a registry mirror that lacks Pagefind's binaries for other platforms leaves them
# out of the lock file, and npm ci then refuses it: install the same pinned versions without
# touching the lock file instead.
bench-tools:
	@[ bench/node_modules/.package-lock.json -nt bench/package-lock.json ] || \
		{ echo "sou: installing the peers for the benchmark (npm ci --prefix bench)" >&2; \
		  npm ci --prefix bench --no-audit --no-fund 2>/dev/null || \
		  npm install --prefix bench --no-save --no-audit --no-fund; }

bench: browser-tools bench-tools site
	cargo bench --bench engine
	node tests/browser/bench.mjs
	node bench/peers.mjs $(if $(BENCH_CORPUS),--corpus $(BENCH_CORPUS) $(if $(BENCH_QUERIES),--queries $(BENCH_QUERIES)))

# The example site as a site owner would publish it at EXAMPLE_BASE (its pages, sou-search.js
# and a pkg/ built over those pages); www/ is left alone.
EXAMPLE_BASE ?= /
example: tools
	node scripts/build-example.mjs --base $(EXAMPLE_BASE) target/example
	node scripts/serve.mjs target/example $(PORT)

scaling: browser-tools
	cargo build --release -p sou-cli
	node scripts/scaling.mjs

fuzz:
	scripts/fuzz.sh

clean:
	cargo clean
	rm -rf www/pkg www/dist node_modules bench/node_modules
