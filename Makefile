# The two commands a fresh machine needs (see README.md): `make example` and `make test`.
# Both install what is missing first.

EXAMPLE ?= Examples/helix-single24-llama70b.json

.PHONY: deps build example test bench clean

deps:
	@scripts/install-deps.sh

build: deps
	swift build -c release --product layerflow

# Plans the bundled example cluster and prints the plan, its throughput and its bottleneck.
example: build
	.build/release/layerflow plan $(EXAMPLE)

test: deps
	swift test

# Max-flow benchmarks (package-benchmark) and the OR-Tools / networkx comparison.
bench: deps
	swift package --package-path Benchmarks benchmark
	python3 Benchmarks/Scripts/compare_maxflow.py

clean:
	rm -rf .build
