import HeapModule

/// One scheduled happening of the simulation. Events are ordered by time and, at equal times,
/// by the order in which they were created, exactly as Helix orders them (`(time, event_uid)`),
/// so runs are deterministic.
struct SimulationEvent: Comparable {
    enum Kind: UInt8 {
        /// An iteration (prompt or decode step) of query `a` arrives at the coordinator.
        case newIteration
        /// Sender `a` (a node position, or `EventQueue.coordinator`) may start transfers.
        case startTransmission
        /// Link `a` finished putting query `b`'s iteration on the wire.
        case finishSending
        /// Query `b`'s iteration arrived over link `a`.
        case finishTransmission
        /// The coordinator collects what reached it.
        case gatherFinished
        /// Node `a` may start a batch.
        case startExecution
        /// Node `a` finished its current batch.
        case finishExecution
        /// Memory pressure: the restore's weight reload finished; drain, then switch back.
        case pressureReloaded
        /// Memory pressure: the KV exchange finished; the other configuration takes over.
        case pressureSwitch
    }

    var time: Double
    var sequence: UInt64
    var kind: Kind
    var a: Int32
    var b: Int32

    static func < (lhs: SimulationEvent, rhs: SimulationEvent) -> Bool {
        lhs.time < rhs.time || (lhs.time == rhs.time && lhs.sequence < rhs.sequence)
    }

    static func == (lhs: SimulationEvent, rhs: SimulationEvent) -> Bool {
        lhs.sequence == rhs.sequence
    }
}

/// The simulator's single event queue: a binary min-heap (swift-collections' `Heap`) of events
/// keyed by (time, creation order).
struct EventQueue {
    /// The sender index that stands for the coordinator in `startTransmission`.
    static let coordinator: Int32 = -1

    private var heap = Heap<SimulationEvent>()
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: Double? { heap.min?.time }

    /// - Complexity: O(log n).
    mutating func schedule(_ kind: SimulationEvent.Kind, at time: Double, _ a: Int32 = 0, _ b: Int32 = 0) {
        heap.insert(SimulationEvent(time: time, sequence: nextSequence, kind: kind, a: a, b: b))
        nextSequence &+= 1
    }

    /// - Complexity: O(log n).
    mutating func pop() -> SimulationEvent? { heap.popMin() }
}
