import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow schedule PLAN`: per-request routes from a plan's max flow, with KV-cache admission.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Route requests along a plan's max flow (weighted round robin, KV-cache aware): the route table, per-node traffic against the flow, next-hop tables.",
        discussion: """
            PLAN is the file `layerflow plan --json FILE` writes (it embeds the cluster). Request lengths
            are synthetic (log-normal prompt and output lengths fitted to the Azure conversation trace,
            seeded) or read from a CSV with a header naming a prompt column (prompt, input_tokens, …) and
            an output column (output, output_tokens, …); rows repeat in order when --requests asks for more.

            Each request is routed as a fresh scheduler would route it on an idle cluster (the offline
            table: smooth weighted round robin over the max-flow arcs; nodes the request alone would fill
            past the KV high-water mark are masked; a request no route could ever hold is rejected with
            the reason). Traffic share is the node's share of node visits, flow share its share of the
            node flows of the max-flow solution. What the routes deliver over time, with KV reservations,
            queueing, batching and latency, is the serving simulator's: `layerflow simulate PLAN
            --workload offline --routing layerflow` (the simulator serves with this scheduler).

            Exit codes: 0 success, 64 bad usage, 65 invalid plan or lengths (the message names the line),
            66 unreadable file, 73 an output file that cannot be created, 74 an output that cannot be written.

            Examples:
              layerflow plan Examples/helix-single24-llama70b.json --json plan.json
              layerflow schedule plan.json --requests 100000 --seed 7
              layerflow schedule plan.json --lengths lengths.csv --json summary.json --table table.json --next-hops hops.json
            """)

    @Argument(help: "Plan file written by `layerflow plan --json FILE` (layerflow-plan/1).")
    var plan: String

    @Option(help: "Number of requests (default: 10,000 synthetic, or one per CSV row).")
    var requests: Int?

    @Option(help: "Seed of the synthetic request lengths (default 0).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("CSV of request lengths (header 'prompt,output' or Helix's 'input_tokens,output_tokens').", valueName: "file"))
    var lengths: String?

    @Option(help: ArgumentHelp("Fraction of each node's KV cache reservations may fill, in (0, 1].", valueName: "fraction"))
    var highWater: Double = 0.9

    @Option(help: ArgumentHelp("Write the request → route table (layerflow-schedule-table/1) to this file.", valueName: "file"))
    var table: String?

    @Option(help: ArgumentHelp("Write the per-node next-hop tables (layerflow-next-hops/1) to this file.", valueName: "file"))
    var nextHops: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if seed != nil, lengths != nil { throw ValidationError("--seed and --lengths exclude each other") }
        if let requests, requests < 0 { throw ValidationError("--requests must be at least 0, got \(requests)") }
        if let requests, requests > InputLimits.maxRequests {
            throw ValidationError("--requests: \(requests) is more than LayerFlow's limit of \(InputLimits.maxRequests)")
        }
        if let requests, table != nil, requests > InputLimits.maxTableRequests {
            throw ValidationError(
                "--requests: \(requests) is more than the \(InputLimits.maxTableRequests) requests --table can write "
                    + "(one entry per request); without --table the summary takes any count up to \(InputLimits.maxRequests)")
        }
        if !(highWater > 0 && highWater <= 1) { throw ValidationError("--high-water must be in (0, 1], got \(highWater)") }
    }

    func run() throws {
        try reportingScheduleFailures(lengthsPath: lengths) {
            let plan = try inFile(self.plan) { try PlanDocument.load(path: self.plan) }
            let scheduler = try Scheduler(plan: plan, options: SchedulerOptions(highWaterMark: highWater))
            let (requests, source, description) = try loadRequests()
            // Only a written table needs every entry in memory; the summary is counted as the
            // requests stream past.
            let table: SchedulingTable?
            let traffic: SchedulingTraffic
            if self.table != nil {
                guard requests.count <= InputLimits.maxTableRequests else {
                    throw CommandError.badData(
                        "\(lengths ?? "lengths"): \(requests.count) rows are more than the \(InputLimits.maxTableRequests) "
                            + "requests --table can write (pass --requests to take fewer)")
                }
                let built = scheduler.table(for: requests.array)
                table = built
                traffic = SchedulingTraffic(built, nodes: scheduler.nodes)
            } else {
                table = nil
                traffic = requests.traffic(on: scheduler)
            }
            var files: [(path: String, data: Data)] = []
            if let json = output.json, json != JSONOutputOption.standardOutput {
                files.append((json, try OutputOptions.jsonData(ScheduleSummaryDocument(traffic, plan: plan, scheduler: scheduler, lengths: source))))
            }
            if let tablePath = self.table, let table {
                files.append((tablePath, try SchedulingTableDocument(table, cluster: scheduler.cluster, rule: scheduler.rule).encoded()))
            }
            if let nextHops {
                files.append((nextHops, try NextHopTablesDocument(scheduler).encoded()))
            }
            try AtomicFile.write(files)
            if output.printsText {
                try StandardOutput.print(Reports.schedule(traffic, plan: plan, scheduler: scheduler, lengths: description))
            } else {
                try output.writeJSON(ScheduleSummaryDocument(traffic, plan: plan, scheduler: scheduler, lengths: source))
            }
        }
    }

    /// The requests (made as they are iterated), how they were made (for JSON) and a phrase for
    /// the text report.
    private func loadRequests() throws -> (RequestStream, ScheduleSummaryDocument.Lengths, String) {
        if let lengths {
            let rows = try RequestLengths.loadCSVRows(path: lengths)
            return (.repeated(RequestLengths.RepeatedRequests(rows: rows, count: self.requests ?? rows.count)),
                    .init(source: "csv", seed: nil, file: lengths), "with lengths from \(lengths)")
        }
        let seed = seed ?? 0
        return (.synthetic(RequestLengths.SyntheticRequests(count: self.requests ?? 10_000, seed: seed)),
                .init(source: "synthetic", seed: seed, file: nil),
                "with synthetic log-normal lengths (Azure conversation fit, seed \(seed))")
    }
}

/// The requests of a `schedule` run, drawn lazily from either source.
enum RequestStream {
    case synthetic(RequestLengths.SyntheticRequests)
    case repeated(RequestLengths.RepeatedRequests)

    var count: Int {
        switch self {
        case .synthetic(let requests): return requests.count
        case .repeated(let requests): return requests.count
        }
    }

    /// Every request, in memory.
    var array: [Request] {
        switch self {
        case .synthetic(let requests): return Array(requests)
        case .repeated(let requests): return Array(requests)
        }
    }

    /// The traffic of the offline table, counted as the requests stream past.
    func traffic(on scheduler: Scheduler) -> SchedulingTraffic {
        switch self {
        case .synthetic(let requests): return scheduler.traffic(for: requests)
        case .repeated(let requests): return scheduler.traffic(for: requests)
        }
    }
}
