// simulator-fidelity: LayerFlow's serving simulator on Helix's three single24 placements, offline
// and online with Helix's example settings, next to Helix's own figures
// (../shared/sim-data/helix-simulator-results.json), with wall time, events/s, simulated seconds
// per wall second and peak memory.
//
//     swift build -c release --package-path Benchmarks --product simulator-fidelity
//     Benchmarks/.build/release/simulator-fidelity [--shared DIR] [--only offline|online]
//         [--placement NAME] [--warmup S --window S] [--json FILE]
//
// With --warmup/--window the offline run is shortened (for timing next to Helix's simulator on
// the same short window); the Helix columns then no longer apply and are left out.
import Foundation
import LayerFlow
import LayerFlowSimulator

struct Arguments {
    var shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    var only: String?
    var placement: String?
    var warmup: Double?
    var window: Double?
    var json: String?

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            if flag == "--help" || flag == "-h" {
                print("usage: simulator-fidelity [--shared DIR] [--only offline|online] [--placement NAME] [--warmup S --window S] [--json FILE]")
                exit(0)
            }
            let value = iterator.next() ?? ""
            switch flag {
            case "--shared": shared = URL(fileURLWithPath: value)
            case "--only": only = value
            case "--placement": placement = value
            case "--warmup": warmup = Double(value)
            case "--window": window = Double(value)
            case "--json": json = value
            default:
                FileHandle.standardError.write(Data("unknown option \(flag) (see --help)\n".utf8))
                exit(64)
            }
        }
    }
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}

struct Row: Codable {
    var placement: String
    var mode: String
    var ours: [String: Double]
    var helix: [String: Double]
    var wallSeconds: Double
    var events: Int
    var simulatedSeconds: Double
}

let arguments = Arguments()
let simData = arguments.shared.appendingPathComponent("sim-data")
let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")
let cluster = try NativeClusterFormat.decode(Data(contentsOf: examples.appendingPathComponent("helix-single24-llama70b.json")))
let results = try JSONSerialization.jsonObject(with: Data(contentsOf: simData.appendingPathComponent("helix-simulator-results.json"))) as! [String: Any]
let placements = results["placements"] as! [String: [String: Any]]
let helixResults = results["results"] as! [String: [String: [String: Any]]]
let offlineShapes = try WorkloadCSV.loadLengths(path: simData.appendingPathComponent("example_offline_length_sequence_seed0.csv").path)
let trace = try WorkloadCSV.loadTrace(path: simData.appendingPathComponent("example_online_trace_700tps_seed0.csv").path)

@MainActor func helixPlacement(_ name: String) -> Placement {
    let ranges = placements[name]!["placement"] as! [String: [Int]]
    var placement = Placement()
    for (node, range) in ranges where range[1] > range[0] { placement.ranges[node] = LayerRange(range[0], range[1]) }
    return placement
}

@MainActor func helixFigures(_ mode: String, _ name: String) -> [String: Double] {
    guard arguments.window == nil, let figures = helixResults[mode]?[name] else { return [:] }
    var flat: [String: Double] = [:]
    for (key, value) in figures {
        if let number = value as? Double { flat[key] = number }
        if let nested = value as? [String: Double] { for (sub, number) in nested { flat["\(key).\(sub)"] = number } }
    }
    return flat
}

func ourFigures(_ report: SimulationReport) -> [String: Double] {
    var figures: [String: Double] = [
        "avgDecodeSpeedTokensPerSecond": report.decodeTokensPerSecond,
        "windowPromptPlusDecodeTokensPerSecond": report.realizedTokensPerSecond,
        "totalTimeUsageTokensPerSecond": report.totalTimeUsageTokensPerSecond,
        "totalTimeUsageSeconds": report.totalTimeUsageSeconds,
        "meanActiveQueries": report.meanInFlightRequests,
        "queriesIssued": Double(report.issuedRequests),
        "queriesFinished": Double(report.completedRequests),
        "kvAdmissionRejections": Double(report.rejectedRequests),
    ]
    for (key, summary) in [("promptLatencySeconds", report.promptLatencySeconds), ("decodeLatencySeconds", report.decodeLatencySeconds)] {
        figures["\(key).mean"] = summary.mean
        figures["\(key).p50"] = summary.p50
        figures["\(key).p95"] = summary.p95
        figures["\(key).p99"] = summary.p99
    }
    return figures
}

var rows: [Row] = []
let names: [String] = ["helix-milp", "stage-aligned-24", "stage-aligned-12"].filter { arguments.placement == nil || $0 == arguments.placement }
for mode in ["offline", "online"] where arguments.only == nil || arguments.only == mode {
    for placementName in names {
        let plan = SimulationPlan(cluster: cluster, placement: helixPlacement(placementName))
        let workload: Workload
        let options: SimulationOptions
        if mode == "offline" {
            workload = .offline(OfflineWorkload(
                lengths: .sequence(offlineShapes), warmupSeconds: arguments.warmup ?? 60, windowSeconds: arguments.window ?? 600))
            options = .helixOffline
        } else {
            // Helix's trace starts at 20 s, the MILP plan's load time: serving start is trace time 20.
            workload = .online(OnlineWorkload(arrivals: trace.map { Arrival(timeSeconds: $0.timeSeconds - 20, shape: $0.shape) }))
            options = .helixOnline
        }
        let report = try await Simulator(plan: plan, workload: workload, options: options).run()
        rows.append(Row(
            placement: placementName, mode: mode, ours: ourFigures(report), helix: helixFigures(mode, placementName),
            wallSeconds: report.wallSeconds, events: report.events, simulatedSeconds: report.simulatedSeconds))
        FileHandle.standardError.write(Data("\(mode) \(placementName): \(report.events) events in \(String(format: "%.2f", report.wallSeconds)) s\n".utf8))
    }
}

let keys = [
    "avgDecodeSpeedTokensPerSecond", "windowPromptPlusDecodeTokensPerSecond", "totalTimeUsageTokensPerSecond",
    "promptLatencySeconds.mean", "promptLatencySeconds.p50", "promptLatencySeconds.p95", "promptLatencySeconds.p99",
    "decodeLatencySeconds.mean", "decodeLatencySeconds.p50", "decodeLatencySeconds.p95", "decodeLatencySeconds.p99",
    "meanActiveQueries", "kvAdmissionRejections", "queriesIssued", "queriesFinished",
]
var worst = 0.0
for row in rows {
    print("\n### \(row.mode), \(row.placement)\n")
    print("| figure | LayerFlow | Helix | difference |")
    print("|---|---:|---:|---:|")
    for key in keys {
        guard let ours = row.ours[key] else { continue }
        if let helix = row.helix[key] {
            let difference = helix == 0 ? (ours == 0 ? 0 : 1) : (ours - helix) / helix
            if !key.hasPrefix("queries") && !key.hasPrefix("kv") && !key.hasPrefix("meanActive") && !key.hasSuffix("p99") || row.mode == "online" && key.hasSuffix("p99") {
                worst = max(worst, abs(difference))
            }
            print("| \(key) | \(String(format: "%.3f", ours)) | \(String(format: "%.3f", helix)) | \(String(format: "%+.2f", 100 * difference)) % |")
        } else if arguments.window != nil {
            print("| \(key) | \(String(format: "%.3f", ours)) | | |")
        }
    }
    let rate = Double(row.events) / row.wallSeconds
    print(String(format: "\nwall %.2f s, %d events, %.2f M events/s, %.0f simulated s per wall s",
                 row.wallSeconds, row.events, rate / 1e6, row.simulatedSeconds / row.wallSeconds))
}
if arguments.window == nil {
    print(String(format: "\nlargest difference on the figures Helix prints or the issue bounds: %.2f %%", 100 * worst))
}
print(String(format: "peak RSS %.0f MB", peakResidentMegabytes()))
if let path = arguments.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(rows).write(to: URL(fileURLWithPath: path), options: .atomic)
}
