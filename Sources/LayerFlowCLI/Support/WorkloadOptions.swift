import ArgumentParser
import Foundation
import LayerFlow
import LayerFlowSimulator

/// The workload options `simulate` and `plan` share: what arrives (offline closed loop or online
/// arrivals), the lengths, the window and the seed, and how they become a simulator `Workload`.
struct WorkloadOptions: ParsableArguments {
    enum WorkloadKind: String, ExpressibleByArgument, CaseIterable {
        case offline, online
    }

    enum ArrivalKind: String, ExpressibleByArgument, CaseIterable {
        case poisson, azure
    }

    @Option(help: ArgumentHelp("offline (Helix's closed loop: what the plan sustains) or online (timed arrivals: latency at a load).", valueName: "offline|online"))
    var workload: WorkloadKind = .offline

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

    /// Contradictory or out-of-range workload options, named as typed.
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
    }

    /// Helix's simulation settings for the workload kind (offline: high-water mark 0.85, output
    /// ratio 1; online: 0.9 and 0.6).
    var simulationOptions: SimulationOptions {
        workload == .offline ? SimulationOptions.helixOffline : SimulationOptions.helixOnline
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

    var arrivals_: ArrivalKind { arrivals ?? .poisson }

    /// The pool lengths are drawn from: --lengths (online), --lengths-pool, or the default pool.
    func pool() throws -> ([RequestShape], SimulationDocument.LengthsDescription) {
        let seed = self.seed ?? 0
        if let file = lengthsPool ?? (workload == .online ? lengths : nil) {
            let shapes = try WorkloadCSV.loadLengths(path: file)
            return (shapes, .init(source: "pool", file: file, count: shapes.count, seed: seed))
        }
        return (SimulationInputs.defaultPool(),
                .init(source: "default-pool", file: nil, count: SimulationInputs.defaultPoolSize, seed: seed))
    }

}
