// swift-tools-version:6.1
//
// LayerFlow's benchmarks, as their own package so that the library never depends on
// the benchmark harness. Run from the repository root:
//
//     swift package --package-path Benchmarks benchmark                 # package-benchmark suites
//     python3 Benchmarks/Scripts/compare_maxflow.py                      # vs OR-Tools and networkx
//
import PackageDescription

let package = Package(
    name: "LayerFlowBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "LayerFlow", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Planner comparison: LayerFlow's planner and formulation next to Helix's exact MILP, all
        // solved by the same GLPK in the same run; time to the best known value, bound over time.
        .executableTarget(
            name: "planner-compare",
            dependencies: [
                .product(name: "LayerFlow", package: "LayerFlow"),
                .product(name: "LayerFlowGLPK", package: "LayerFlow"),
            ]
        ),
        // Seeded, reproducible Helix-shaped flow graphs shared by every benchmark.
        .target(
            name: "HelixGraphs",
            dependencies: [.product(name: "LayerFlow", package: "LayerFlow")]
        ),
        // package-benchmark suite: graph construction and max-flow solves.
        .executableTarget(
            name: "MaxFlow",
            dependencies: [
                "HelixGraphs",
                .product(name: "LayerFlow", package: "LayerFlow"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MaxFlow",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // package-benchmark suite: per-request routing decisions and offline tables (single24).
        .executableTarget(
            name: "Scheduling",
            dependencies: [
                .product(name: "LayerFlow", package: "LayerFlow"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Scheduling",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The serving simulator on Helix's three single24 placements next to Helix's own figures,
        // with wall time, events/s and peak memory.
        .executableTarget(
            name: "simulator-fidelity",
            dependencies: [
                .product(name: "LayerFlow", package: "LayerFlow"),
                .product(name: "LayerFlowSimulator", package: "LayerFlow"),
            ]
        ),
        // Drop-plan timing (issue 13): 256 replicas fused under memory pressure.
        .executableTarget(
            name: "drop-plan",
            dependencies: [.product(name: "LayerFlow", package: "LayerFlow")]
        ),
        // Comparison harness: writes the graphs for Scripts/compare_maxflow.py and times
        // LayerFlow's solve on them.
        .executableTarget(
            name: "maxflow-compare",
            dependencies: [
                "HelixGraphs",
                .product(name: "LayerFlow", package: "LayerFlow"),
            ]
        ),
    ]
)
