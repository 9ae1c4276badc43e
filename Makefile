# sou: the conventional entry points. Each installs what it needs when missing
# (scripts/ensure-tools.sh) and honours SOU_CORPUS (default: seeds/).
#
#   make demo    build the demo and serve it on http://127.0.0.1:$(PORT)
#   make test    run every test: Rust (native and wasm), build errors, browser
#   make site    build the publishable www/ (www/pkg/ and www/dist/sou-offline.html)
#   make bench   print index sizes, build time and query latency (native and in Chromium)
#   make fuzz    run each fuzz target of fuzz/ for FUZZ_SECONDS (default 60); not part of make test

PORT ?= 8765
export SOU_CORPUS

.PHONY: all demo test site wasm tools browser-tools bench fuzz clean

all: site

tools:
	@scripts/ensure-tools.sh

browser-tools:
	@scripts/ensure-tools.sh --browser

wasm: tools
	scripts/build-wasm.sh

site: wasm
	node scripts/offline.mjs

demo: site
	node scripts/serve.mjs www $(PORT)

test: browser-tools
	cargo test --workspace
	scripts/check-build-errors.sh
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test -p sou --target wasm32-unknown-unknown --test wasm
	$(MAKE) site
	node tests/browser/run.mjs

bench: browser-tools site
	cargo bench --bench engine
	node tests/browser/bench.mjs

fuzz:
	scripts/fuzz.sh

clean:
	cargo clean
	rm -rf www/pkg www/dist node_modules
