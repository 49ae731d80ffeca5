// maxflow-compare: the Swift half of Scripts/compare_maxflow.py.
//
// For each size N it builds the seeded Helix-shaped graph (HelixGraphs), writes the
// exact fixed-point problem LayerFlow solves to `<output>/helix-N<N>.lfmf` so that
// other solvers can be handed the very same integers, times LayerFlow's solve
// (median of at least --runs runs and 0.3 s of solving; build with `-c release`), and prints one JSON object
// per line.
//
// File format (little-endian): 8-byte magic "LFMF0001"; Int64 nodeCount, arcCount,
// source, sink, scaleExponent k (capacity units × 2^k = quanta); then Int32 tails[arcCount],
// Int32 heads[arcCount], Int64 capacities[arcCount] in quanta (the tightened
// fixed-point capacities, see LayerFlow's FixedPointCapacities).
//
// Usage: maxflow-compare [--sizes 24,100,300,1000] [--runs 7] [--seed S]
//                        [--output Benchmarks/output] [--algorithm pushRelabel]
import Foundation
import HelixGraphs
@_spi(Benchmarks) import LayerFlow

struct Options {
    var sizes = HelixShapedGraph.standardSizes
    var runs = 7
    var seed = HelixShapedGraph.defaultSeed
    var output = "Benchmarks/output"
    var algorithm = MaxFlowAlgorithm.pushRelabel

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            guard let value = iterator.next() else { Self.fail("missing value after \(argument)") }
            switch argument {
            case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
            case "--runs": runs = Int(value) ?? runs
            case "--seed": seed = UInt64(value) ?? seed
            case "--output": output = value
            case "--algorithm":
                guard let parsed = MaxFlowAlgorithm(rawValue: value) else { Self.fail("unknown algorithm \(value)") }
                algorithm = parsed
            default: Self.fail("unknown option \(argument)")
            }
        }
        if sizes.isEmpty || runs < 1 { Self.fail("need at least one size and one run") }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("maxflow-compare: \(message)\n".utf8))
        exit(64)
    }
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e3 + Double(attoseconds) * 1e-15
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func write(_ problem: HelixShapedGraph, fixed: FixedPointCapacities, to path: String) throws {
    let graph = problem.graph
    var data = Data("LFMF0001".utf8)
    func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
    append(Int64(graph.nodeCount))
    append(Int64(graph.arcCount))
    append(Int64(problem.source))
    append(Int64(problem.sink))
    append(Int64(fixed.scale.exponent))
    data.reserveCapacity(data.count + graph.arcCount * 16)
    for arc in 0..<graph.arcCount { append(Int32(graph.tail(of: arc))) }
    for arc in 0..<graph.arcCount { append(Int32(graph.head(of: arc))) }
    let tightened = fixed.tightened  // computed: evaluate once
    for arc in 0..<graph.arcCount { append(tightened[arc]) }
    try data.write(to: URL(fileURLWithPath: path))
}

let options = Options(arguments: CommandLine.arguments)
try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
let clock = ContinuousClock()

for size in options.sizes {
    var constructionTimes: [Double] = []
    var problem = HelixShapedGraph(computeNodes: size, seed: options.seed)
    for _ in 0..<max(3, min(options.runs, 5)) {
        let start = clock.now
        problem = HelixShapedGraph(computeNodes: size, seed: options.seed)
        constructionTimes.append(milliseconds(clock.now - start))
    }
    let fixed = problem.graph.fixedPointCapacities(source: problem.source, sink: problem.sink)
    let path = "\(options.output)/helix-N\(size).lfmf"
    try write(problem, fixed: fixed, to: path)

    // At least `runs` solves, and more (up to 2,001) until 0.3 s have been spent, so
    // that the median of fast solves is stable.
    var solveTimes: [Double] = []
    var result = problem.graph.maxFlow(from: problem.source, to: problem.sink, algorithm: options.algorithm)  // warm-up
    let budgetStart = clock.now
    while solveTimes.count < options.runs || (clock.now - budgetStart < .milliseconds(300) && solveTimes.count < 2_001) {
        let start = clock.now
        result = problem.graph.maxFlow(from: problem.source, to: problem.sink, algorithm: options.algorithm)
        solveTimes.append(milliseconds(clock.now - start))
    }
    let fields: [String] = [
        "\"computeNodes\": \(size)",
        "\"nodes\": \(problem.graph.nodeCount)",
        "\"arcs\": \(problem.graph.arcCount)",
        "\"algorithm\": \"\(options.algorithm.rawValue)\"",
        "\"constructionMs\": \(median(constructionTimes))",
        "\"solveMsMedian\": \(median(solveTimes))",
        "\"solveMsMin\": \(solveTimes.min() ?? 0)",
        "\"runs\": \(solveTimes.count)",
        "\"value\": \(result.value)",
        "\"valueHex\": \"\(result.value.bitPattern)\"",
        "\"resolution\": \(result.resolution)",
        "\"cutArcs\": \(result.cutArcs.count)",
        "\"file\": \"\(path)\"",
    ]
    FileHandle.standardOutput.write(Data(("{" + fields.joined(separator: ", ") + "}\n").utf8))
}
