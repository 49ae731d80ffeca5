// Scheduling benchmarks on Helix's single24 cluster (4 A100, 8 L4, 12 T4; LLaMA-2 70B) under two
// plans: `optimal`, its exact best stage-aligned plan (a 24-node pipeline: every decision point
// has one choice), and `mixed`, stages shared by 2–4 nodes of unequal speed (the tests' mixed
// plan: the round robin has real choices). Run from the repository root, in release (the default):
//
//     swift package --package-path Benchmarks benchmark --target Scheduling
//
// - route+complete-<plan>: one `Scheduler.route(for:)` plus its `complete(_:)`, KV never binding
//   (the per-request routing decision; the target is ≤ 2 µs).
// - route+complete-engine-<plan>: the same on a `RoutingEngine` without the mutex, so the
//   difference is the lock's cost.
// - route-kv-pressure-<plan>: routing with the KV caches at their high-water marks (masked
//   walks), completing the oldest request whenever one is queued.
// - table-1M-<plan>: `Scheduler.table(for:)` on 1,000,000 requests (target ≤ 2 s).
import Benchmark
import Foundation
@_spi(Benchmarks) import LayerFlow

/// The single24 cluster.
func single24() throws -> Cluster {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try ClusterFile.load(path: root.appendingPathComponent("Examples/helix-single24-llama70b.json").path).cluster
}

/// The exact best stage-aligned placement.
func optimalPlacement(_ cluster: Cluster) throws -> Placement {
    guard let placement = cluster.bestStageAlignedPlacement() else { throw SchedulingError.planServesNothing }
    return placement
}

/// Stages shared by nodes of unequal speed (the same as the tests' `single24MixedStagePlan`).
func mixedPlacement() -> Placement {
    let stages: [(LayerRange, [String])] = [
        (LayerRange(0, 4), ["1", "2", "4", "0"]), (LayerRange(4, 8), ["7", "8", "12"]),
        (LayerRange(8, 12), ["13", "15", "16"]), (LayerRange(12, 16), ["19", "20", "22", "3"]),
        (LayerRange(16, 23), ["5", "11"]), (LayerRange(23, 30), ["14", "18"]), (LayerRange(30, 37), ["21", "23"]),
        (LayerRange(37, 48), ["6"]), (LayerRange(48, 59), ["9"]), (LayerRange(59, 70), ["10"]), (LayerRange(70, 80), ["17"]),
    ]
    var ranges: [String: LayerRange] = [:]
    for (range, nodes) in stages { for node in nodes { ranges[node] = range } }
    return Placement(ranges)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 1_000,
        thresholds: [
            .wallClock: .init(relative: [.p50: 25, .p90: 25]),
            .cpuTotal: .init(relative: [.p50: 25, .p90: 25]),
            .mallocCountTotal: .init(relative: [.p90: 30]),
        ]
    )

    let plans: [(name: String, scheduler: Scheduler, engine: RoutingEngine)]
    do {
        let cluster = try single24()
        plans = try [("optimal", try optimalPlacement(cluster)), ("mixed", mixedPlacement())].map { name, placement in
            (name, try Scheduler(cluster: cluster, placement: placement, rule: .strict),
             try RoutingEngine(cluster: cluster, placement: placement, rule: .strict))
        }
    } catch {
        print("Scheduling benchmarks: cannot build the single24 plans: \(error)")
        return
    }
    let lengths = RequestLengths.synthetic(count: 4096, seed: 1)
    let million = RequestLengths.synthetic(count: 1_000_000, seed: 2)

    for (name, scheduler, engine) in plans {
        Benchmark("route+complete-\(name)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            var id = 0
            for _ in benchmark.scaledIterations {
                let length = lengths[id & 4095]
                let request = Request(id: id, promptTokens: length.promptTokens, expectedOutputTokens: length.expectedOutputTokens)
                blackHole(scheduler.route(for: request))
                blackHole(try? scheduler.complete(id))
                id += 1
            }
        }

        Benchmark("route+complete-engine-\(name)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            var local = engine
            var id = 0
            for _ in benchmark.scaledIterations {
                let length = lengths[id & 4095]
                let request = Request(id: id, promptTokens: length.promptTokens, expectedOutputTokens: length.expectedOutputTokens)
                blackHole(local.route(for: request))
                blackHole(try? local.complete(id))
                id += 1
            }
        }

        Benchmark("route-kv-pressure-\(name)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            var local = engine
            var inFlight: [Int] = []
            var oldest = 0
            var id = 0
            for _ in benchmark.scaledIterations {
                let length = lengths[id & 4095]
                let request = Request(id: id, promptTokens: length.promptTokens, expectedOutputTokens: length.expectedOutputTokens)
                switch local.route(for: request) {
                case .routed: inFlight.append(id)
                case .queued:
                    while local.queuedCount > 0, oldest < inFlight.count {
                        let admitted = (try? local.complete(inFlight[oldest])) ?? []
                        oldest += 1
                        inFlight.append(contentsOf: admitted.map(\.request.id))
                    }
                case .rejected: break
                }
                id += 1
            }
        }

        Benchmark("table-1M-\(name)", configuration: .init(maxDuration: .seconds(20), maxIterations: 10)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(scheduler.table(for: million))
            }
        }
    }
}
