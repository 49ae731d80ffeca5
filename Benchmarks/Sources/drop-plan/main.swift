// drop-plan: how long a KunServe-style drop plan takes for many replicas (issue 13's bar: 256
// replicas in ≤ 100 ms, release build, excluding the max-flow checks).
//
// N identical full replicas of a 32-layer model (0.5 GiB per layer, 4 KiB of KV per token per
// layer, 23 GiB each), a full mesh of 50 GB/s links whose speeds vary by ±20 % (seeded) so the
// link-ordered grouping has work to do. The demand is 60 % of what degree-4 fusion can free.
// Prints the median of --runs plans, the median of the two max-flows each plan runs (before and
// after), and their difference: the planning itself.
//
// Usage: swift run -c release --package-path Benchmarks drop-plan [--replicas 256] [--runs 15]
import Foundation
import LayerFlow

var replicas = 256
var runs = 15
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--replicas": replicas = Int(arguments.next() ?? "") ?? replicas
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    default:
        FileHandle.standardError.write(Data("usage: drop-plan [--replicas N] [--runs R]\n".utf8))
        exit(64)
    }
}

let gib = 1_073_741_824.0
let model = ModelSpec(
    name: "32-layer", layerCount: 32, parameterBytesPerLayer: gib / 2, activationBytesPerToken: 8192, tokenBytes: 4,
    kvCacheBytesPerTokenPerLayer: 4096)
let type = GPUType(
    name: "G23", vramBytes: 23 * gib, nicInBytesPerSecond: 25e9, nicOutBytesPerSecond: 25e9, maxLayers: 32,
    throughputTokensPerSecondByLayerCount: (1...32).map { 32000 / Double($0) })
// One region: every link 50e9 bytes/s ± 20 % (seeded), coordinator links too.
let cluster = try ClusterGenerator.multiRegion(
    name: "replicas-\(replicas)", model: model, gpuTypes: [type],
    regions: [.init(name: "dc", nodeCounts: ["G23": replicas])],
    network: .init(intraRegionBandwidthBytesPerSecond: 50e9, interRegionBandwidthBytesPerSecond: 50e9, jitter: 0.2),
    seed: 13)
let ids = cluster.nodes.map(\.id)
let links = cluster.links
var placement = Placement()
for id in ids { placement[id] = LayerRange(0, 32) }
let perCopy = 131_072
let demand = Int(0.6 * Double((replicas - (replicas + 3) / 4) * perCopy))
let planner = DropPlanner(cluster: cluster, placement: placement, options: DropOptions(maxPipelineDegree: 4))

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

var planTimes: [Double] = []
var flowTimes: [Double] = []
var plan: DropPlan?
for _ in 0..<runs {
    planTimes.append(try seconds { plan = try planner.plan(for: .global(tokens: demand)) })
    let after = plan!.placementAfter
    flowTimes.append(try seconds {
        _ = try cluster.evaluate(placement)
        _ = try cluster.evaluate(after)
    })
}
let total = median(planTimes)
let flows = median(flowTimes)
print("""
    {"replicas": \(replicas), "links": \(links.count), "demandTokens": \(demand), "groups": \(plan!.groups.count), \
    "donatedCopies": \(plan!.donatedCopies), "planMedianMs": \(String(format: "%.2f", total * 1000)), \
    "maxFlowsMedianMs": \(String(format: "%.2f", flows * 1000)), \
    "planExcludingMaxFlowsMs": \(String(format: "%.2f", max(0, total - flows) * 1000))}
    """)
