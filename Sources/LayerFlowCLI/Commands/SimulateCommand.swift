import ArgumentParser
import Foundation
import LayerFlow
import LayerFlowSimulator

/// `layerflow simulate PLAN --workload offline|online`: what a plan delivers, in seconds, from the
/// discrete-event serving simulator (Helix's, reproduced).
struct SimulateCommand: AsyncParsableCommand, AsyncRunnable {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate serving a plan, event by event (Helix's simulator): throughput, latency, KV pressure, node load.",
        discussion: """
            PLAN is a plan file (layerflow-plan/1, written by `layerflow plan --json FILE`), or a cluster \
            file (layerflow-cluster/1 or helix-instance/1) with --placement FILE, a JSON object \
            {"<node id>": [start, end], ...} (a placement given with a plan file replaces the plan's). The \
            GPU types the placement uses need serving profiles (gpuTypes[].serving: per-layer batch times \
            and batch limits) and KV capacities; --sim-data DIR takes them from Helix's sim-data folder \
            (<model>_layer_time_profiles.csv and <model>_gpu_layer_settings.csv), replacing the cluster's. \
            The simulation always uses strict contiguity.

            --workload offline is Helix's closed loop: 20 queries 0.1 s apart at serving start, then one \
            more 0.1 s after each prompt or query completion while the scheduler's expected KV use is at \
            most 80 %; it stops when the window closes (--warmup default 60 s, --duration default 600 s). \
            --lengths CSV is a sequence used in order, one pair per issued query (Helix's example: \
            example_offline_length_sequence_seed0.csv); without it, each query's lengths are drawn with \
            --seed from a pool: --lengths-pool CSV (e.g. azure_conv_lengths.csv) or the default pool, \
            16,657 pairs drawn once from LayerFlow's log-normal fit to the Azure conversation trace \
            (prompt ln-mean 6.39, ln-sd 0.82, 1-2,048 tokens; output ln-mean 5.15, ln-sd 0.84, 1-1,000). \
            Expected-KV admission high-water mark 0.85, output ratio 1 (SimulationOptions.helixOffline).

            --workload online replays timed arrivals, serving every query to its end; the window is \
            --warmup (default 0) then --duration (default 1800) seconds after serving start. Arrivals come \
            from --trace CSV (arrival_time_s,input_tokens,output_tokens), shifted so that trace time \
            --trace-start (default 0) is serving start (Helix's example trace starts at 20 s: use \
            --trace-start 20), or are generated for --rate TOKENS_PER_S over warm-up + duration with \
            --arrivals poisson (default) or azure (Helix's Azure-conversation process; needs \
            --arrival-counts CSV, e.g. azure_conv_arrivals_per_3s.csv), each query's lengths drawn with \
            --seed from --lengths (a pool here), --lengths-pool or the default pool. High-water mark 0.9, \
            output ratio 0.6 (SimulationOptions.helixOnline).

            CSV files have a header naming their columns (input_tokens and output_tokens for lengths); \
            lengths are whole numbers ≥ 1. On a terminal, a progress bar (simulated time, events/s, ETA) \
            is drawn on standard error. The summary goes to standard output; --json [FILE] writes the \
            whole report (layerflow-simulation/1: every figure of the summary, the per-node rows, the \
            latency percentiles and the time series) and --svg FILE a chart page. Output files are \
            written only when the run succeeds, each atomically (a temporary file renamed into place). \
            Ctrl-C (SIGINT) or SIGTERM stops the run: nothing is written and the exit code is 130 \
            (SIGINT) or 143 (SIGTERM).

            Exit codes: 0 success; 64 bad usage (contradictory or out-of-range options, a cluster \
            without --placement; the message names the option); 65 invalid data (a malformed plan, \
            placement or CSV, naming the file, line and column; a GPU type without a serving profile or \
            KV capacity; a placement that serves nothing; a prompt longer than any first stage takes); \
            66 an input file that cannot be read; 73 an output file that cannot be created; 74 an \
            output (a file or standard output) that cannot be written; 130 or 143 interrupted.

            Examples:
              layerflow plan Examples/helix-single24-llama70b.json --json plan.json
              layerflow simulate plan.json --workload offline
              layerflow simulate plan.json --workload online --rate 700 --seed 1 \\
                  --json report.json --svg report.svg
              S=../shared/sim-data
              layerflow simulate Examples/helix-single24-llama70b.json \\
                  --placement milp.json --workload offline \\
                  --lengths $S/example_offline_length_sequence_seed0.csv --seed 0
              layerflow simulate plan.json --workload online --trace-start 20 \\
                  --trace $S/example_online_trace_700tps_seed0.csv
              layerflow simulate plan.json --workload online --rate 700 \\
                  --arrivals azure --arrival-counts $S/azure_conv_arrivals_per_3s.csv
            """)

    enum WorkloadKind: String, ExpressibleByArgument, CaseIterable {
        case offline, online
    }

    enum ArrivalKind: String, ExpressibleByArgument, CaseIterable {
        case poisson, azure
    }

    @Argument(help: "Plan file (layerflow-plan/1), or a cluster file with --placement.")
    var plan: String

    @Option(help: ArgumentHelp("Placement JSON file {\"<node id>\": [start, end], ...} (required with a cluster file).", valueName: "file"))
    var placement: String?

    @Option(help: ArgumentHelp("offline (Helix's closed loop: what the plan sustains) or online (timed arrivals: latency at a load).", valueName: "offline|online"))
    var workload: WorkloadKind

    @Option(help: ArgumentHelp("Online: arrivals CSV (arrival_time_s,input_tokens,output_tokens).", valueName: "csv"))
    var trace: String?

    @Option(help: ArgumentHelp("Online, with --trace: the trace time that is serving start (default 0).", valueName: "s"))
    var traceStart: Double?

    @Option(help: ArgumentHelp("Lengths CSV (input_tokens,output_tokens): offline, a sequence used in order; online, a pool to draw from.", valueName: "csv"))
    var lengths: String?

    @Option(help: ArgumentHelp("Lengths CSV to draw each query's lengths from, with --seed (instead of the default pool).", valueName: "csv"))
    var lengthsPool: String?

    @Option(help: ArgumentHelp("Online: generate arrivals offering this many tokens (input + output) per second.", valueName: "tokens/s"))
    var rate: Double?

    @Option(help: ArgumentHelp("Online, with --rate: poisson (default) or azure (needs --arrival-counts).", valueName: "poisson|azure"))
    var arrivals: ArrivalKind?

    @Option(help: ArgumentHelp("Requests per 3-s interval CSV (requests_in_interval), for --arrivals azure.", valueName: "csv"))
    var arrivalCounts: String?

    @Option(help: ArgumentHelp("Length of the measurement window, seconds (offline 600, online 1800).", valueName: "s"))
    var duration: Double?

    @Option(help: ArgumentHelp("Seconds after serving start before the window opens (offline 60, online 0).", valueName: "s"))
    var warmup: Double?

    @Option(help: "Seed of the length draws and generated arrivals (default 0).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("helix-maxflow (Helix's per-hop IWRR, default) or layerflow (LayerFlow's Scheduler: whole routes, KV reservations, a FIFO queue).", valueName: "rule"))
    var routing: SimulationOptions.Routing = .helixMaxFlow

    @Option(help: ArgumentHelp("layer-by-layer (Helix, default) or whole-stage (a batch runs through all of a node's layers).", valueName: "mode"))
    var execution: SimulationOptions.Execution = .layerByLayer

    @Option(help: ArgumentHelp("Helix sim-data folder whose profiles (layer times, batch limits, KV capacities) replace the GPU types' own.", valueName: "dir"))
    var simData: String?

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Write a chart page (SVG): throughput and in-flight queries over time, latency CDFs, node load.", valueName: "file"))
    var svg: String?

    // MARK: Validation

    func validate() throws {
        func positive(_ value: Double?, _ name: String, _ unit: String) throws {
            if let value, !(value.isFinite && value > 0) {
                throw ValidationError("\(name) must be a positive number of \(unit), got \(value)")
            }
        }
        func nonNegative(_ value: Double?, _ name: String) throws {
            if let value, !(value.isFinite && value >= 0) {
                throw ValidationError("\(name) must be a number of seconds ≥ 0, got \(value)")
            }
        }
        try positive(duration, "--duration", "seconds")
        try nonNegative(warmup, "--warmup")
        try positive(rate, "--rate", "tokens per second")
        try nonNegative(traceStart, "--trace-start")
        if lengths != nil, lengthsPool != nil {
            throw ValidationError("--lengths and --lengths-pool exclude each other (give one lengths file)")
        }
        switch workload {
        case .offline:
            for (given, name) in [(trace != nil, "--trace"), (traceStart != nil, "--trace-start"), (rate != nil, "--rate"),
                                  (arrivals != nil, "--arrivals"), (arrivalCounts != nil, "--arrival-counts")] where given {
                throw ValidationError("\(name) applies to --workload online only (offline queries are issued as earlier ones finish)")
            }
        case .online:
            if trace != nil {
                for (given, name) in [(rate != nil, "--rate"), (arrivals != nil, "--arrivals"), (arrivalCounts != nil, "--arrival-counts")] where given {
                    throw ValidationError("--trace and \(name) exclude each other: a trace has its own arrivals")
                }
                for (given, name) in [(lengths != nil, "--lengths"), (lengthsPool != nil, "--lengths-pool")] where given {
                    throw ValidationError("--trace and \(name) exclude each other: a trace has its own lengths")
                }
            } else {
                if traceStart != nil { throw ValidationError("--trace-start needs --trace") }
                guard rate != nil else {
                    throw ValidationError("--workload online needs arrivals: --trace CSV, or --rate TOKENS_PER_S to generate them")
                }
                if arrivals == .azure, arrivalCounts == nil {
                    throw ValidationError("--arrivals azure needs --arrival-counts CSV (requests per 3-s interval, e.g. azure_conv_arrivals_per_3s.csv)")
                }
                if arrivalCounts != nil, arrivals != .azure {
                    throw ValidationError("--arrival-counts applies to --arrivals azure only")
                }
            }
        }
        if output.json == JSONOutputOption.standardOutput, svg == "-" {
            throw ValidationError("--json and --svg cannot both write to standard output")
        }
        if let json = output.json, let svg, json != JSONOutputOption.standardOutput, Self.samePath(json, svg) {
            throw ValidationError("--json and --svg name the same file (\(svg))")
        }
    }

    private static func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }

    // MARK: Run

    func run() async throws {
        try await runAsync()
    }

    func runAsync() async throws {
        try await reportingFailures {
            // Fail on an output that cannot be created before spending the run.
            for path in [output.json, svg].compactMap({ $0 }) where path != JSONOutputOption.standardOutput && path != "-" {
                try AtomicFile.checkWritable(path)
            }
            let loaded = try SimulationInputs.loadPlan(path: plan, placementPath: placement, simDataPath: simData)
            if let rule = loaded.rule, rule != .strict {
                StandardError.write("note: \(DisplayText.escaped(plan)) was planned for \(Reports.ruleName(rule)); the simulator routes under strict contiguity\n")
            }
            let (workload, description) = try makeWorkload()
            var options = self.workload == .offline ? SimulationOptions.helixOffline : SimulationOptions.helixOnline
            options.routing = routing
            options.execution = execution
            let simulator: Simulator
            do {
                simulator = try Simulator(plan: loaded.plan, workload: workload, options: options)
            } catch let error as SimulationError {
                throw Self.explain(error)
            }
            let bar = SimulationProgressBar(windowEnd: Self.windowEnd(workload, loadSeconds: simulator.loadSeconds))
            let report = try await Interruption.cooperatively(stopping: "stopping the simulation") {
                try await simulator.run(progressEvents: 1 << 14) { bar.update($0) }
            }
            bar.finish()

            let inputs = SimulationDocument.Inputs(
                plan: plan, planKind: loaded.kind, cluster: loaded.name, placement: loaded.placementSource,
                simData: simData, seed: seed ?? 0, workload: description)
            let document = SimulationDocument(report: report, inputs: inputs)
            let svgText = svg.map { _ in SimulationChart(report: report, plan: loaded, workload: description).svg() }
            var files: [(path: String, data: Data)] = []
            if let json = output.json, json != JSONOutputOption.standardOutput {
                files.append((json, try OutputOptions.jsonData(document)))
            }
            if let svg, svg != "-", let svgText { files.append((svg, Data(svgText.utf8))) }
            try AtomicFile.write(files)

            if output.json == JSONOutputOption.standardOutput {
                try StandardOutput.write(try OutputOptions.jsonData(document))
            } else if svg == "-", let svgText {
                try StandardOutput.write(Data(svgText.utf8))
            } else {
                try StandardOutput.print(Reports.simulation(report, plan: loaded, workload: description, cluster: loaded.plan.cluster))
                for file in files { try StandardOutput.print("Wrote \(file.path)") }
            }
        }
    }

    /// The workload the options describe, and how it was made (for the reports).
    func makeWorkload() throws -> (Workload, SimulationDocument.WorkloadDescription) {
        let seed = self.seed ?? 0
        switch self.workload {
        case .offline:
            let warmup = self.warmup ?? 60
            let window = duration ?? 600
            var description = SimulationDocument.WorkloadDescription(kind: "offline", warmupSeconds: warmup, windowSeconds: window)
            let source: LengthSource
            if let lengths {
                let shapes = try WorkloadCSV.loadLengths(path: lengths)
                source = .sequence(shapes)
                description.lengths = .init(source: "sequence", file: lengths, count: shapes.count)
            } else {
                let (pool, lengthsDescription) = try self.pool()
                source = .sampled(from: pool, seed: seed)
                description.lengths = lengthsDescription
            }
            return (.offline(OfflineWorkload(lengths: source, warmupSeconds: warmup, windowSeconds: window)), description)
        case .online:
            let warmup = self.warmup ?? 0
            let window = duration ?? 1800
            var description = SimulationDocument.WorkloadDescription(kind: "online", warmupSeconds: warmup, windowSeconds: window)
            var arrivals: [Arrival]
            if let trace {
                let start = traceStart ?? 0
                arrivals = try WorkloadCSV.loadTrace(path: trace)
                if let first = arrivals.first, first.timeSeconds < start {
                    let early = arrivals.prefix { $0.timeSeconds < start }.count
                    throw CommandError.usage(
                        "--trace-start \(Formatting.number(start, decimals: 3)) is after the first arrival of \(trace) "
                            + "(\(Formatting.number(first.timeSeconds, decimals: 3)) s): \(early) arrival\(early == 1 ? "" : "s") would come before serving starts")
                }
                for index in arrivals.indices { arrivals[index].timeSeconds -= start }
                description.arrivals = .init(source: "trace", file: trace, traceStartSeconds: start)
                description.lengths = .init(source: "trace", file: trace, count: arrivals.count)
            } else if let rate {
                let (pool, lengthsDescription) = try self.pool()
                let process: ArrivalProcess
                if arrivals_ == .azure, let arrivalCounts {
                    process = .azure(countsPer3s: try WorkloadCSV.loadArrivalCounts(path: arrivalCounts))
                } else {
                    process = .poisson
                }
                arrivals = try ArrivalGenerator(
                    process: process, lengths: pool, offeredTokensPerSecond: rate, durationSeconds: warmup + window,
                    startSeconds: 0, seed: seed
                ).arrivals()
                description.arrivals = .init(
                    source: arrivals_.rawValue, file: arrivalCounts, targetTokensPerSecond: rate, seed: seed)
                description.lengths = lengthsDescription
            } else {
                throw CommandError.usage("--workload online needs --trace CSV or --rate TOKENS_PER_S")
            }
            description.queries = arrivals.count
            description.offeredTokensPerSecond = arrivals.offeredTokensPerSecond(durationSeconds: warmup + window)
            return (.online(OnlineWorkload(arrivals: arrivals, warmupSeconds: warmup, windowSeconds: window)), description)
        }
    }

    private var arrivals_: ArrivalKind { arrivals ?? .poisson }

    /// The pool lengths are drawn from: --lengths (online), --lengths-pool, or the default pool.
    private func pool() throws -> ([RequestShape], SimulationDocument.LengthsDescription) {
        let seed = self.seed ?? 0
        if let file = lengthsPool ?? (workload == .online ? lengths : nil) {
            let shapes = try WorkloadCSV.loadLengths(path: file)
            return (shapes, .init(source: "pool", file: file, count: shapes.count, seed: seed))
        }
        return (SimulationInputs.defaultPool(),
                .init(source: "default-pool", file: nil, count: SimulationInputs.defaultPoolSize, seed: seed))
    }

    /// When the run is expected to end (offline) or its window to close (online), from t = 0.
    private static func windowEnd(_ workload: Workload, loadSeconds: Double) -> Double {
        switch workload {
        case .offline(let offline): return loadSeconds + offline.warmupSeconds + offline.windowSeconds
        case .online(let online): return loadSeconds + online.warmupSeconds + online.windowSeconds
        }
    }

    /// The simulator's error, with what to do about it on the command line.
    private static func explain(_ error: SimulationError) -> CommandError {
        switch error {
        case .missingServingProfile, .missingKVCapacity:
            return .badData("\(error); or pass --sim-data DIR to take Helix's profiles from its sim-data folder")
        case .invalidParameter(let name, let value, let expected) where name.hasPrefix("queries["):
            return .badData("lengths: \(name) is \(value); expected \(expected)")
        default:
            return .badData(error.description)
        }
    }
}

extension SimulationOptions.Routing: ExpressibleByArgument {}
extension SimulationOptions.Execution: ExpressibleByArgument {}
