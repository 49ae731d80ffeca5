/// The dynamic state of one compute node: its per-layer queues, the layer pointer, the batch in
/// execution, its outbound list, CPU-side receive buffer and real KV use.
struct NodeState {
    /// Queue of each of the node's layers (index 0: the inbound queue of its first layer). Under
    /// whole-stage execution there is only one.
    var queues: [[Int]]
    /// Position of the layer the pointer is on.
    var current = 0
    var busy = false
    var batch: [Int] = []
    var batchStartedAt: Double = 0
    /// Iterations finished on the last layer, waiting for their out-link, in finishing order.
    var outbound: [Int] = []
    /// Tokens received since the last first-layer batch (Helix's `cpu_buffer`).
    var receivedTokens = 0
    var kvUsed = 0
    var kvPeak = 0
    var busySecondsInWindow = 0.0
    var batchesInWindow = 0
    var batchRequestsInWindow = 0

    init(queueCount: Int) {
        queues = [[Int]](repeating: [], count: queueCount)
    }

    /// Moves the pointer to the next layer (cyclically, the current one excluded) whose queue is
    /// non-empty; stays put when there is none (Helix's `march_to_next_layer`).
    mutating func marchToNextLayer() {
        let count = queues.count
        for offset in 1..<max(count, 1) {
            let position = (current + offset) % count
            if !queues[position].isEmpty {
                current = position
                return
            }
        }
    }
}
