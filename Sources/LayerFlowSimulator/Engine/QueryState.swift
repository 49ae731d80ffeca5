/// One query's progress. A query has at most one iteration (its prompt, or one decode step) in
/// flight at a time, so the query's index doubles as the id of that iteration.
struct QueryState {
    enum Phase: UInt8 {
        /// Issued, its prompt not yet routed.
        case waiting
        /// Routed; iterations in flight.
        case active
        case finished
        case rejected
    }

    var shape: RequestShape
    var phase: Phase = .waiting
    /// Whether the iteration in flight is the prompt.
    var inPrompt = true
    /// Decode steps finished so far.
    var decodesDone = 0
    /// The route fixed at the prompt; decode steps follow it.
    var route: [RouteStage] = []
    /// Index in `route` of the next hop to cross.
    var hop = 0
    /// When the iteration in flight was issued at the coordinator.
    var issuedAt: Double = 0
    /// When the query first arrived (its prompt was issued).
    var arrivedAt: Double = 0
    /// Whether it waits in LayerFlow's scheduler queue (routed `.queued`, not yet admitted).
    var queued = false

    /// Tokens the iteration in flight carries: the prompt, or one decoded token.
    var iterationTokens: Int { inPrompt ? shape.inputTokens : 1 }
    /// Context tokens already processed before the iteration in flight (Helix's `prev_num_tokens`).
    var contextTokens: Int { inPrompt ? 0 : shape.inputTokens + decodesDone }
}
