/// What a planning run is doing, as `PlanProgress` reports it: a value a progress display can
/// switch on, and a description a person can read ("MILP: can any placement reach 1,500 tokens/s?").
public indirect enum PlanPhase: Sendable, Hashable, CustomStringConvertible {
    case starting
    /// The baseline heuristics (Petals, Swarm, separate and balanced pipelines).
    case heuristics
    /// Pipelines that follow the fast links (clusters without a complete mesh).
    case linkChains
    /// The exact stage-aligned dynamic program (and its network-aware variants).
    case stageAligned
    /// Swaps of same-type nodes across the minimum cut (clusters whose links may bind).
    case linkAwareSwaps
    /// The layer-coverage MILP asked whether a placement reaches `target` tokens/s.
    case coverageTarget(Double)
    /// Helix's own placement MILP.
    case helixMILP
    /// A MILP left out because it would be too large (`FormulationSize` says how large).
    case milpSkipped(FormulationSize)
    /// One candidate search of a serving objective (`stageLimit` nil: no stage limit), and what
    /// that search is doing.
    case servingCandidate(stageLimit: Int?, PlanPhase)
    /// Simulating candidate `index` of `count` (`LayerFlowSimulator`'s `ServingPlanner`).
    case simulating(index: Int, count: Int, stages: Int)
    /// The local search in the simulator.
    case refiningInSimulator

    public var description: String {
        switch self {
        case .starting: return "starting"
        case .heuristics: return "heuristics"
        case .linkChains: return "link-following pipelines"
        case .stageAligned: return "stage-aligned dynamic program"
        case .linkAwareSwaps: return "link-aware swaps"
        case .coverageTarget(let target): return "MILP: can any placement reach \(Formatting.rate(target))?"
        case .helixMILP: return "MILP: Helix formulation"
        case .milpSkipped(let size): return "MILP skipped: \(size)"
        case .servingCandidate(let limit, let inner):
            return "searching: \(limit.map { "≤\($0) stages" } ?? "no stage limit"), \(inner)"
        case .simulating(let index, let count, let stages): return "simulating \(index)/\(count) (\(stages) stages)"
        case .refiningInSimulator: return "refining in the simulator"
        }
    }
}
