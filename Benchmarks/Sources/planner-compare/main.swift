// Planner comparison on the shared Helix instances, in one run with one GLPK:
//   1. LayerFlow's planner (heuristics + exact stage-aligned DP + layer-coverage target search);
//   2. the layer-coverage formulation alone, maximising F (no heuristics, no warm start);
//   3. Helix's exact formulation, no warm start;
//   4. Helix's exact formulation, warm-started from Helix's own heuristic (petals or separate), as Helix runs it.
// For each: time to reach the instance's best known value, final plan (always recomputed by
// LayerFlow's max-flow), final bound, and the bound over time (written to
// Benchmarks/output/planner-trace.json).
//
//   swift run -c release --package-path Benchmarks planner-compare [seconds] [instance.json ...]
import Foundation
@_spi(Benchmarks) import LayerFlow
import LayerFlowGLPK

struct Sample: Codable {
    var seconds: Double
    var plan: Double?
    var bound: Double?
}

struct Run: Codable {
    var instance: String
    var method: String
    var bestKnown: Double
    var secondsToBestKnown: Double?
    var finalPlan: Double
    var finalBound: Double
    var seconds: Double
    var trace: [Sample]
}

func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

let arguments = Array(CommandLine.arguments.dropFirst())
let limit = arguments.first.flatMap(Double.init) ?? 60
let sharedDirectory = ProcessInfo.processInfo.environment["LAYERFLOW_SHARED"].map { URL(fileURLWithPath: $0) }
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared")
var files = arguments.filter { $0.hasSuffix(".json") }
if files.isEmpty {
    files = [
        "helix-single24-a100-llama30b.json", "helix-single24-l4-llama30b.json", "helix-single24-t4-llama30b.json",
        "helix-cluster10-llama30b.json", "helix-single24-llama70b.json",
    ]
}

/// Solves a model with GLPK, sampling incumbent and bound, and maps the final solution to a
/// placement whose max flow LayerFlow recomputes.
func solveTracked(
    _ model: MILPModel, warmStart: [Double]?, limit: Double, bestKnown: Double, decode: ([Double]) -> [LayerRange?],
    cluster: Cluster
) throws -> (plan: Double, bound: Double, trace: [Sample], toBest: Double?) {
    var trace: [Sample] = []
    var toBest: Double?
    var lastSample = -1.0
    let solution = try GLPKSolver().solve(
        model, options: MILPSolveOptions(timeLimitSeconds: limit, initialSolution: warmStart, cuts: [.cover, .mir], logLevel: .off),
        log: nil
    ) { progress in
        if progress.elapsedSeconds - lastSample >= 0.25 || progress.event == .improvedIncumbent {
            lastSample = progress.elapsedSeconds
            trace.append(Sample(seconds: progress.elapsedSeconds, plan: progress.incumbentObjective, bound: progress.bestBound))
        }
        if toBest == nil, let value = progress.incumbentObjective, value >= bestKnown * (1 - 1e-9) { toBest = progress.elapsedSeconds }
        return .proceed
    }
    var plan = 0.0
    if let values = solution.values {
        plan = try cluster.evaluate(Placement(cluster: cluster, rangesByNodeIndex: decode(values))).throughputTokensPerSecond
    }
    if plan < bestKnown * (1 - 1e-9) { toBest = nil }  // GLPK's incumbent did not survive max-flow recomputation
    let bound = solution.bestBound ?? .infinity
    trace.append(Sample(seconds: solution.statistics.seconds, plan: plan, bound: bound))
    return (plan, bound, trace, toBest)
}

var runs: [Run] = []
for file in files {
    let url = sharedDirectory.appendingPathComponent("instances").appendingPathComponent(file)
    guard let data = try? Data(contentsOf: url) else {
        say("skip \(file): \(url.path) not found")
        continue
    }
    let instance = try HelixInstance.decode(data)
    let cluster = try instance.cluster()
    let bestKnown = instance.bestKnown?["maxFlow"]?.doubleValue ?? 0
    let name = file.replacingOccurrences(of: ".json", with: "")
    say("== \(name): best known \(bestKnown)")

    // 1. LayerFlow's planner.
    do {
        let start = Date()
        let trace = TraceBox()
        let result = try await Planner(solver: GLPKSolver()).plan(cluster, options: PlanOptions(timeLimitSeconds: limit)) { progress in
            trace.add(Sample(seconds: progress.elapsedSeconds, plan: progress.incumbentTokensPerSecond, bound: progress.boundTokensPerSecond))
        }
        let samples = trace.samples
        let toBest = samples.first { ($0.plan ?? 0) >= bestKnown * (1 - 1e-9) }?.seconds
        runs.append(Run(
            instance: name, method: "layerflow planner", bestKnown: bestKnown, secondsToBestKnown: toBest,
            finalPlan: result.throughputTokensPerSecond, finalBound: result.upperBoundTokensPerSecond,
            seconds: Date().timeIntervalSince(start), trace: samples))
    }
    // 2. Layer-coverage formulation alone, maximising F with the work bound as cap.
    do {
        let start = Date()
        let bound = cluster.workBoundTokensPerSecond
        let formulation = LayerCoverageFormulation(cluster: cluster, options: .init(upperBound: bound))
        let outcome = try solveTracked(
            formulation.model, warmStart: nil, limit: limit, bestKnown: bestKnown,
            decode: { formulation.ranges(from: $0, nodeCount: cluster.nodes.count) }, cluster: cluster)
        runs.append(Run(
            instance: name, method: "layer-coverage MILP (max F, cold)", bestKnown: bestKnown, secondsToBestKnown: outcome.toBest,
            finalPlan: outcome.plan, finalBound: min(outcome.bound, bound), seconds: Date().timeIntervalSince(start), trace: outcome.trace))
    }
    // 3 and 4. Helix's exact formulation, cold and warm-started from Helix's heuristic.
    let formulation = HelixFormulation(cluster: cluster)
    let heuristic = try instance.referencePlacements.first { ["petals", "separate"].contains($0.method) && $0.placement != nil }
    for warm in [false, true] {
        guard !warm || heuristic != nil else { continue }
        let start = Date()
        let warmStart = warm ? try heuristic.flatMap { try $0.placement.map { try formulation.values(for: $0) } } : nil
        let outcome = try solveTracked(
            formulation.model, warmStart: warmStart, limit: limit, bestKnown: bestKnown,
            decode: { formulation.placement(from: $0).rangesByNodeIndex(in: cluster) }, cluster: cluster)
        runs.append(Run(
            instance: name, method: warm ? "helix MILP (warm: \(heuristic?.method ?? ""))" : "helix MILP (cold)",
            bestKnown: bestKnown, secondsToBestKnown: outcome.toBest, finalPlan: outcome.plan, finalBound: outcome.bound,
            seconds: Date().timeIntervalSince(start), trace: outcome.trace))
    }
    for run in runs where run.instance == name {
        say(String(format: "  %-40@ to best %8@  plan %10.3f  bound %12.3f  %6.1f s", run.method as NSString,
            (run.secondsToBestKnown.map { String(format: "%.2f s", $0) } ?? "never") as NSString,
            run.finalPlan, run.finalBound, run.seconds))
    }
}

final class TraceBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Sample] = []
    func add(_ sample: Sample) { lock.lock(); storage.append(sample); lock.unlock() }
    var samples: [Sample] { lock.lock(); defer { lock.unlock() }; return storage }
}

// Markdown summary and the full traces.
say("\n| instance | method | time to best known | plan (max-flow) | proven bound | gap |")
say("|---|---|---|---|---|---|")
for run in runs {
    let gap = run.finalPlan > 0 ? String(format: "%.4f%%", (run.finalBound - run.finalPlan) / run.finalPlan * 100) : "—"
    say("| \(run.instance) | \(run.method) | \(run.secondsToBestKnown.map { String(format: "%.2f s", $0) } ?? "not reached") | "
        + String(format: "%.2f | %.2f | ", run.finalPlan, run.finalBound) + gap + " |")
}
let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("output")
try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
// A solver that proved nothing reports an infinite bound; JSON has no infinity.
encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
try encoder.encode(runs).write(to: output.appendingPathComponent("planner-trace.json"))
say("\ntraces: \(output.appendingPathComponent("planner-trace.json").path)")
