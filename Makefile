# Vitrine's commands. Two matter to a newcomer: `make demo` and `make test`.
# Each target installs what it needs first (scripts/setup is idempotent and fast when done).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TERM_COLOR ?= never
# Every cargo call goes through the toolchain that has the wasm32 standard library.
RUST := . scripts/toolchain.sh &&
WASM := --target wasm32-unknown-unknown

.PHONY: help setup build wasm size demo sign-demo test lint test-native test-shell test-tools test-e2e bench bench-init bench-browser bench-phases bench-memory bench-reorder bench-loop bench-aggregate fuzz clean

help:
	@echo "make demo   build and serve the demo shop at http://127.0.0.1:8080"
	@echo "make test   run every check: lints, native, shell, tools and end-to-end tests, size"
	@echo "also: make setup | build | wasm | size | sign-demo | lint | test-native | test-shell | test-tools | test-e2e | bench | bench-init | bench-browser | bench-phases | bench-memory | bench-reorder | bench-loop | bench-aggregate | fuzz | clean"

setup:
	@scripts/setup

build: setup
	@scripts/build

# The slim package's three wasm modules (wasm/, wasm-beacons/, wasm-measurement/) into
# target/slim/, and their glue into shell/src/wasm/.
wasm: setup
	@scripts/build-wasm

size: build
	@node scripts/size.mjs

demo: build
	@node scripts/serve.mjs --port 8080

# Compiles and signs www/catalog.json into www/catalog.bin with the demo key (demo only:
# docs/signing.md). A fixed sequence and a long expiry keep the committed demo file usable.
sign-demo:
	$(RUST) cargo run --quiet --features cli -- sign --key scripts/demo-signing.key --sequence 1795392000 --expires-in 3650d www/catalog.json

# Make runs each prerequisite once, in this order: fastest checks first.
test: setup lint test-native test-shell test-tools size test-e2e
	@echo "make test: lints, native, shell, tools and end-to-end tests passed; size within budget"

# The package build type-checks the shell (tsc) before the declarations are checked as a shop
# uses them (tests/types/usage.ts).
lint: setup build
	$(RUST) cargo fmt --all --check
	$(RUST) cargo clippy --quiet --workspace --all-targets --all-features -- -D warnings
	$(RUST) cargo clippy --quiet $(WASM) -p vitrine-wasm -p vitrine-beacons-wasm -p vitrine-measurement-wasm -- -D warnings
	node_modules/.bin/tsc -p tests/types/tsconfig.json
	$(RUST) RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p vitrine --all-features

# The workspace turns the core's `std` feature on for every member; the three wasm crates' tests
# then run again on their own, with the core as the npm package ships it (no `std`: libm maths,
# no decoder reason texts).
test-native: setup
	$(RUST) cargo test --quiet --workspace --all-features
	$(RUST) cargo test --quiet -p vitrine-wasm -p vitrine-beacons-wasm -p vitrine-measurement-wasm

# The TypeScript shell's adapters in headless Chromium (the tests compile shell/ when stale).
test-shell: wasm
	node --test --test-concurrency=1 tests/shell/

# The Node tools (`npx vitrine`, `vitrine/tools`) against the native CLI (the tests run
# scripts/build-tools when target/tools/ is stale).
test-tools: setup
	node --test --test-concurrency=1 tests/tools/

test-e2e: build
	node --test --test-concurrency=1 tests/e2e/

bench: setup
	$(RUST) cargo bench --bench engine

bench-init: build
	node scripts/bench-init.mjs

# The reorder ranking's hit rates against "most bought first" and "last order again" on
# simulated purchase histories (BENCHMARKS.md, "Reorder timing").
bench-reorder: setup
	$(RUST) cargo run --quiet --release --example reorder_hits

# The learning loop (issue #15): 10 simulated shops, 4 catalog generations of 50,000 new devices,
# priors refreshed from each generation's private reports against fixed priors, at epsilon 1, 4
# and 8 (BENCHMARKS.md, "The learning loop"; about 2 minutes).
bench-loop: setup
	for e in 1 4 8; do $(RUST) cargo run --quiet --release --features cli -- simulate \
	  --catalog bench/catalogs/learning-loop.json --generations 4 --shoppers 50000 --visits 3 \
	  --seeds 10 --epsilon $$e || exit 1; done

# Aggregating at scale (issue #15): `vitrine aggregate` streaming 10 and 100 million reports, and
# sql/aggregate.sql on DuckDB over 10 and 100 million stored rows (BENCHMARKS.md, "Aggregating at
# scale"; about 3 minutes, 1.4 GB of temporary files).
bench-aggregate: setup
	node scripts/bench-aggregate.mjs

# Every cargo-fuzz target for 30 s (nightly; cargo-fuzz is installed on first use). Not part of
# `make test`: the stable tests run the same properties (tests/fuzz_properties.rs and others).
fuzz: setup
	@scripts/fuzz 30

# Where a decoded catalog's memory goes (examples/catalog_memory.rs), on the browser bench's
# 10,000-offer catalog.
bench-memory: setup
	node --input-type=module -e "import { benchCatalog } from './bench/workload/catalog.js'; process.stdout.write(JSON.stringify(benchCatalog(10000)))" > $(CARGO_TARGET_DIR)/bench-catalog-10000.json
	$(RUST) cargo run --quiet --release --example catalog_memory -- $(CARGO_TARGET_DIR)/bench-catalog-10000.json

# Vitrine side by side with GrowthBook in headless Chromium; appends its table to BENCHMARKS.md.
bench-browser: build
	node scripts/bench-browser.mjs

# Where a cold start's time goes, step by step, Vitrine beside GrowthBook (BENCHMARKS.md).
bench-phases: build
	node bench/phases.mjs

clean:
	rm -rf target pkg test-results
