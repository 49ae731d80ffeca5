// swift-tools-version:6.1
//
// LayerFlow's libFuzzer targets, as their own package so that the library and the command-line
// tool never build with the fuzzer's instrumentation. Each executable is one fuzz target: a
// `LLVMFuzzerTestOneInput` entry point that feeds arbitrary bytes to one family of readers and
// expects a value or a typed error, never a trap, hang or runaway allocation.
//
// Build and run from the repository root (see docs/Reliability.md, "Fuzzing"):
//
//     make fuzz                                   # every target, FUZZ_SECONDS (60) each
//     scripts/fuzz.sh build                       # build only
//     scripts/fuzz.sh run cluster-json 600        # one target for ten minutes
//
// which build with
//
//     swift build --package-path Fuzz -c debug --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address
//
// (`--sanitize fuzzer` so that SwiftPM links libFuzzer's `main`; one combined -sanitize flag
// because the compiler keeps only the last of several.)
//
import PackageDescription

/// One fuzz target per entry: name (also the folder under Sources/ and Corpus/) and what it links.
let targets: [(name: String, simulator: Bool)] = [
    ("cluster-json", false),
    ("plan-json", false),
    ("helix-instance-json", false),
    ("helix-ini", false),
    ("helix-ini-expression", false),
    ("request-lengths-csv", false),
    ("workload-csv", true),
    ("quick-cluster", false),
    ("model-config", false),
]

let package = Package(
    name: "LayerFlowFuzz",
    dependencies: [
        .package(name: "LayerFlow", path: ".."),
    ],
    targets: [
        // Helpers shared by the targets: bytes as text, splitting one input into several files.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "LayerFlow", package: "LayerFlow")]
        ),
    ] + targets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport", .product(name: "LayerFlow", package: "LayerFlow")]
                + (target.simulator ? [.product(name: "LayerFlowSimulator", package: "LayerFlow")] : []),
            path: "Sources/\(target.name)"
        )
    }
)
