// Scheduling benchmarks on Helix's single24 cluster (4 A100, 8 L4, 12 T4; LLaMA-2 70B) under
// its exact best stage-aligned plan. Run from the repository root, in release (the default):
//
//     swift package --package-path Benchmarks benchmark --target Scheduling
//
// - route+complete: one `Scheduler.route(for:)` plus its `complete(_:)`, KV never binding
//   (the per-request routing decision; the target is ≤ 2 µs).
// - route+complete-engine: the same on a `RoutingEngine` without the mutex, so the difference
//   is the lock's cost.
// - route-kv-pressure: routing with the KV caches at their high-water marks (masked walks),
//   completing the oldest request whenever one is queued.
// - table-1M: `Scheduler.table(for:)` on 1,000,000 requests (target ≤ 2 s).
import Benchmark
import Foundation
import LayerFlow

/// The single24 cluster and its best stage-aligned placement.
func single24Plan() throws -> (Cluster, Placement) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let cluster = try ClusterFile.load(path: root.appendingPathComponent("Examples/helix-single24-llama70b.json").path).cluster
    guard let plan = StageAlignedPlanner(cluster: cluster)?.bestPlan() else {
        throw SchedulingError.planServesNothing
    }
    return (cluster, Placement(cluster: cluster, rangesByNodeIndex: plan.ranges))
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

    let cluster: Cluster
    let placement: Placement
    let scheduler: Scheduler
    let engine: RoutingEngine
    do {
        (cluster, placement) = try single24Plan()
        scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        engine = try RoutingEngine(cluster: cluster, placement: placement, rule: .strict)
    } catch {
        print("Scheduling benchmarks: cannot build the single24 plan: \(error)")
        return
    }
    let lengths = RequestLengths.synthetic(count: 4096, seed: 1)

    Benchmark("route+complete", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var id = 0
        for _ in benchmark.scaledIterations {
            let length = lengths[id & 4095]
            let request = Request(id: id, promptTokens: length.promptTokens, expectedOutputTokens: length.expectedOutputTokens)
            blackHole(scheduler.route(for: request))
            blackHole(try? scheduler.complete(id))
            id += 1
        }
    }

    Benchmark("route+complete-engine", configuration: .init(scalingFactor: .kilo)) { benchmark in
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

    Benchmark("route-kv-pressure", configuration: .init(scalingFactor: .kilo)) { benchmark in
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

    let million = RequestLengths.synthetic(count: 1_000_000, seed: 2)
    Benchmark("table-1M", configuration: .init(maxDuration: .seconds(20), maxIterations: 10)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(scheduler.table(for: million))
        }
    }
}
