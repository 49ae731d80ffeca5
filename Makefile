# The two commands a fresh machine needs (see README.md): `make example` and `make test`.
# Both install what is missing first.

EXAMPLE ?= Examples/helix-single24-llama70b.json

.PHONY: deps build example test bench docs fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	swift build -c release --product layerflow

# Plans a cluster described in one line (catalog GPUs and model, estimated throughput tables),
# then the bundled Helix example cluster; prints each plan, its proven bound and its bottleneck.
example: build
	.build/release/layerflow plan --model llama-2-70b --gpus 4xA100,8xL4,12xT4 --network 1Gbps --time-limit 60
	.build/release/layerflow plan $(EXAMPLE) --time-limit 60

# Serially: several suites time the planner, signals and subprocesses, and on a 2-core machine
# parallel suites can keep a test waiting for a thread long enough to break its time bound.
test: deps
	swift test --no-parallel

# Max-flow benchmarks (package-benchmark) and the OR-Tools / networkx comparison.
bench: deps
	swift package --package-path Benchmarks benchmark
	python3 Benchmarks/Scripts/compare_maxflow.py

# DocC documentation of the three library modules (swift-docc-plugin), failing on any warning;
# archives in .build/plugins/Swift-DocC/outputs. Article sources: Sources/LayerFlow/LayerFlow.docc
# (the guides are linked in from docs/Guides).
DOC_TARGETS ?= LayerFlow LayerFlowSimulator LayerFlowGLPK

docs: deps
	@scripts/build-docs.sh $(DOC_TARGETS)

# libFuzzer targets of the readers (Fuzz/, docs/Reliability.md "Fuzzing"): builds them with
# libFuzzer and AddressSanitizer, then runs each for FUZZ_SECONDS. Not part of `make test` or CI.
FUZZ_SECONDS ?= 60

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh all

clean:
	rm -rf .build Fuzz/.build
