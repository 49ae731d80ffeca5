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
              layerflow simulate Examples/pressure-burst-8xL4-llama3-8b.json \\
                  --placement Examples/pressure-burst-8xL4-llama3-8b-placement.json \\
                  --workload online --trace Examples/pressure-burst-trace.csv \\
                  --routing layerflow --expected-output-tokens 2048 \\
                  --kv-high-water-mark 1 --memory-pressure kunserve
            """)

    @Argument(help: "Plan file (layerflow-plan/1), or a cluster file with --placement.")
    var plan: String

    @Option(help: ArgumentHelp("Placement JSON file {\"<node id>\": [start, end], ...} (required with a cluster file).", valueName: "file"))
    var placement: String?

    @OptionGroup var workloadOptions: WorkloadOptions

    @Option(help: ArgumentHelp("helix-maxflow (Helix's per-hop IWRR, default) or layerflow (LayerFlow's Scheduler: whole routes, KV reservations, a FIFO queue).", valueName: "rule"))
    var routing: SimulationOptions.Routing = .helixMaxFlow

    @Option(help: ArgumentHelp("layer-by-layer (Helix, default) or whole-stage (a batch runs through all of a node's layers).", valueName: "mode"))
    var execution: SimulationOptions.Execution = .layerByLayer

    @Option(help: ArgumentHelp("Helix sim-data folder whose profiles (layer times, batch limits, KV capacities) replace the GPU types' own.", valueName: "dir"))
    var simData: String?

    @OptionGroup(title: "Memory pressure") var pressureOptions: MemoryPressureCLIOptions

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Write a chart page (SVG): throughput and in-flight queries over time, latency CDFs, node load.", valueName: "file"))
    var svg: String?

    // MARK: Validation

    func validate() throws {
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
            let (workload, description) = try workloadOptions.makeWorkload()
            var options = workloadOptions.simulationOptions
            options.routing = routing
            options.execution = execution
            pressureOptions.apply(to: &options)
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
                simData: simData, seed: workloadOptions.seed ?? 0, workload: description)
            let estimate = try? loaded.plan.cluster.estimateServing(
                loaded.plan.cluster.evaluate(loaded.plan.placement), workload: ServingWorkload(workload, options: options))
            let document = SimulationDocument(report: report, inputs: inputs, estimate: estimate)
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
                try StandardOutput.print(Reports.simulation(report, plan: loaded, workload: description, cluster: loaded.plan.cluster, estimate: estimate))
                for file in files { try StandardOutput.print("Wrote \(file.path)") }
            }
        }
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
