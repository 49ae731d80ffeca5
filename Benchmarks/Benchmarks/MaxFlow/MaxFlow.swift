// Max-flow benchmarks on seeded Helix-shaped graphs (see HelixGraphs): N compute
// nodes split in → out, a complete mesh between them, and source/sink arcs; N = 24,
// 100, 300 and 1000 (1,002,000 arcs). Run from the repository root:
//
//     swift package --package-path Benchmarks benchmark
//     swift package --package-path Benchmarks benchmark --filter "solve-N1000"
//     swift package --package-path Benchmarks benchmark thresholds check --path Benchmarks/Thresholds
//
// The comparison with OR-Tools and networkx is Scripts/compare_maxflow.py.
import Benchmark
import HelixGraphs
import LayerFlow

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(2),
        maxIterations: 2_000,
        thresholds: [
            // Timings vary with the machine: 25 % at p90 before a run counts as a regression.
            .wallClock: .init(relative: [.p50: 25, .p90: 25]),
            .cpuTotal: .init(relative: [.p50: 25, .p90: 25]),
            // A solve makes a fixed set of allocations (~50-100, the count includes
            // the harness's own); a jump means a new allocation in a loop.
            .mallocCountTotal: .init(relative: [.p90: 30]),
            .peakMemoryResident: .init(relative: [.p90: 20]),
        ]
    )

    for size in HelixShapedGraph.standardSizes {
        let problem = HelixShapedGraph(computeNodes: size)
        let graph = problem.graph
        // Names without spaces: `thresholds check` looks the files up by the raw name,
        // while `thresholds update` writes them with spaces replaced.
        let label = "N\(size)"  // N² + 2N arcs

        Benchmark("solve-\(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(graph.maxFlow(from: problem.source, to: problem.sink))
            }
        }

        // Building the FlowGraph from arc lists prepared beforehand: the cost of
        // `addArc` alone, without random number generation.
        let tails = (0..<graph.arcCount).map { graph.tail(of: $0) }
        let heads = (0..<graph.arcCount).map { graph.head(of: $0) }
        let capacities = (0..<graph.arcCount).map { graph.capacity(of: $0) }
        Benchmark("construct-\(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                var built = FlowGraph(nodeCount: graph.nodeCount, arcCapacityHint: tails.count)
                for arc in 0..<tails.count {
                    built.addArc(from: tails[arc], to: heads[arc], capacity: capacities[arc])
                }
                blackHole(built)
            }
        }
    }
}
