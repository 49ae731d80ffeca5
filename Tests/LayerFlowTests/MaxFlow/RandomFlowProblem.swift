import Foundation
@testable import LayerFlow

/// How the capacities of a random graph are drawn.
enum CapacityProfile: Int, CaseIterable, Sendable {
    /// One scale per graph, 10^−3 … 10^9; capacities uniform in [0, scale).
    case uniformAtOneScale
    /// Each capacity log-uniform over 10^−3 … 10^9: twelve orders of magnitude in
    /// one graph.
    case logUniformMix
    /// Helix-shaped: nodes split in→out (200…25,000), a partial mesh of network
    /// arcs (~61,035 or a fraction of it), source and sink arcs of 5e8.
    case helixLike
    /// Integers 0…10: many ties, zeros and degenerate cuts.
    case smallIntegers
    /// Multiples of 0.1 (0.1, 0.2, 0.30000000000000004, …): where float drift bites.
    case decimals
}

/// A random max-flow problem, reproducible from its parameters.
struct RandomFlowProblem: CustomStringConvertible {
    var graph: FlowGraph
    var source: Int
    var sink: Int
    var parameters: String

    var description: String { parameters }

    /// Builds a random graph.
    ///
    /// - Parameters:
    ///   - nodeCount: 2 … 40.
    ///   - densityPercent: arcs ≈ density × n(n−1); tails and heads are drawn
    ///     independently, so self-loops and parallel arcs occur.
    ///   - profile: how capacities are drawn.
    ///   - seed: everything else.
    init(nodeCount: Int, densityPercent: Int, profile: CapacityProfile, seed: UInt64) {
        var random = MaxFlowTestRandom(seed: seed)
        parameters = "nodes \(nodeCount), density \(densityPercent)%, \(profile), seed \(seed)"
        if profile == .helixLike {
            (graph, source, sink) = Self.helixLike(nodeCount: nodeCount, densityPercent: densityPercent, random: &random)
            return
        }
        source = Int.random(in: 0..<nodeCount, using: &random)
        repeat { sink = Int.random(in: 0..<nodeCount, using: &random) } while sink == source
        let scale = pow(10, Double(Int.random(in: -3...9, using: &random)))
        var graph = FlowGraph(nodeCount: nodeCount)
        let arcCount = max(1, nodeCount * (nodeCount - 1) * densityPercent / 100)
        func capacity() -> Double {
            if Int.random(in: 0..<20, using: &random) == 0 { return 0 }
            switch profile {
            case .uniformAtOneScale: return Double.random(in: 0..<1, using: &random) * scale
            case .logUniformMix: return pow(10, Double.random(in: -3...9, using: &random))
            case .smallIntegers: return Double(Int.random(in: 0...10, using: &random))
            case .decimals: return Double(Int.random(in: 0...30, using: &random)) * 0.1
            case .helixLike: preconditionFailure("built separately")
            }
        }
        for _ in 0..<arcCount {
            let tail = Int.random(in: 0..<nodeCount, using: &random)
            let head = Int.random(in: 0..<nodeCount, using: &random)
            graph.addArc(from: tail, to: head, capacity: capacity())
        }
        // A few arcs at the terminals so that most flows are not trivially zero.
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            graph.addArc(from: source, to: Int.random(in: 0..<nodeCount, using: &random), capacity: capacity())
            graph.addArc(from: Int.random(in: 0..<nodeCount, using: &random), to: sink, capacity: capacity())
        }
        self.graph = graph
    }

    private static func helixLike(
        nodeCount: Int, densityPercent: Int, random: inout MaxFlowTestRandom
    ) -> (FlowGraph, Int, Int) {
        let computeNodes = max(1, (nodeCount - 2) / 2)
        var graph = FlowGraph(nodeCount: 2 + 2 * computeNodes)
        let source = 0, sink = 1
        func input(_ node: Int) -> Int { 2 + 2 * node }
        func output(_ node: Int) -> Int { 3 + 2 * node }
        let meshCapacities = [1e9 / 16384, 1e9 / 16384 / 2, 1e8 / 16384, 1e9 / 8192]
        for node in 0..<computeNodes {
            graph.addArc(from: input(node), to: output(node), capacity: Double.random(in: 200...25_000, using: &random))
        }
        for from in 0..<computeNodes {
            for to in 0..<computeNodes where from != to && Int.random(in: 0..<100, using: &random) < densityPercent {
                let capacity = meshCapacities[Int.random(in: 0..<meshCapacities.count, using: &random)]
                graph.addArc(from: output(from), to: input(to), capacity: capacity)
            }
        }
        for node in 0..<computeNodes {
            if node == 0 || Bool.random(using: &random) { graph.addArc(from: source, to: input(node), capacity: 5e8) }
            if node == computeNodes - 1 || Bool.random(using: &random) { graph.addArc(from: output(node), to: sink, capacity: 5e8) }
        }
        return (graph, source, sink)
    }
}
