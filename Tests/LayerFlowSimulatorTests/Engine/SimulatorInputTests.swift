import LayerFlow
import LayerFlowSimulator
import Testing

/// Bad plans, workloads and options give typed errors naming the culprit, before any event runs.
struct SimulatorInputTests {
    static func plan(serving: Bool = true, kv: Bool = true) throws -> SimulationPlan {
        var cluster = try HandComputedLatencyTests.cluster()
        var types = cluster.gpuTypes
        if !serving { types[0].serving = nil }
        if !kv { types[0].kvCacheTokenLayersByLayerCount = nil }
        cluster = try Cluster(
            name: cluster.name, model: cluster.model, gpuTypes: types, nodes: cluster.nodes, links: cluster.links,
            coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)
        return SimulationPlan(cluster: cluster, placement: Placement(["n": LayerRange(0, 2)]))
    }

    static func online(_ shapes: [RequestShape], window: Double = 10) -> Workload {
        .online(OnlineWorkload(arrivals: shapes.map { Arrival(timeSeconds: 0, shape: $0) }, windowSeconds: window))
    }

    static let one = [RequestShape(inputTokens: 4, outputTokens: 2)]

    @Test func gpuTypeWithoutProfileIsNamed() throws {
        #expect(throws: SimulationError.missingServingProfile(gpuType: "G")) {
            try Simulator(plan: try Self.plan(serving: false), workload: Self.online(Self.one))
        }
    }

    @Test func gpuTypeWithoutKVCapacityIsNamed() throws {
        #expect(throws: SimulationError.missingKVCapacity(gpuType: "G", layers: 2)) {
            try Simulator(plan: try Self.plan(kv: false), workload: Self.online(Self.one))
        }
    }

    @Test(arguments: [RequestShape(inputTokens: 0, outputTokens: 5), RequestShape(inputTokens: 5, outputTokens: 0), RequestShape(inputTokens: -3, outputTokens: 5)])
    func nonPositiveLengthsAreRejected(_ shape: RequestShape) throws {
        do {
            _ = try Simulator(plan: try Self.plan(), workload: Self.online([shape]))
            Issue.record("accepted \(shape)")
        } catch {
            guard case .invalidParameter(let name, _, _)? = error as? SimulationError else { Issue.record("\(error)"); return }
            #expect(name.hasPrefix("queries[0]"))
        }
    }

    @Test(arguments: [0.0, -1.0, Double.nan, Double.infinity])
    func nonPositiveDurationsAreRejected(_ window: Double) throws {
        for workload in [Self.online(Self.one, window: window),
                         Workload.offline(OfflineWorkload(lengths: .sequence(Self.one), windowSeconds: window))] {
            do {
                _ = try Simulator(plan: try Self.plan(), workload: workload)
                Issue.record("accepted window \(window)")
            } catch {
                guard case .invalidParameter(let name, _, _)? = error as? SimulationError else { Issue.record("\(error)"); continue }
                #expect(name == "windowSeconds")
            }
        }
    }

    @Test func arrivalsOutOfOrderAreRejected() throws {
        let arrivals = [Arrival(timeSeconds: 5, shape: Self.one[0]), Arrival(timeSeconds: 1, shape: Self.one[0])]
        #expect(throws: SimulationError.self) {
            try Simulator(plan: try Self.plan(), workload: .online(OnlineWorkload(arrivals: arrivals)))
        }
    }

    @Test func aPlanThatMissesALayerServesNothing() throws {
        var plan = try Self.plan()
        plan.placement = Placement(["n": LayerRange(0, 1)])
        #expect(throws: SimulationError.noServingPath) {
            try Simulator(plan: plan, workload: Self.online(Self.one))
        }
    }

    @Test func unknownNodeInPlacementIsNamed() throws {
        var plan = try Self.plan()
        plan.placement = Placement(["ghost": LayerRange(0, 2)])
        do {
            _ = try Simulator(plan: plan, workload: Self.online(Self.one))
            Issue.record("accepted a placement naming an unknown node")
        } catch {
            guard case .invalidPlacement(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("ghost"))
        }
    }

    @Test func highWaterMarkOutOfRangeIsRejected() throws {
        var options = SimulationOptions()
        options.expectedKVHighWaterMark = 1.5
        #expect(throws: SimulationError.self) {
            try Simulator(plan: try Self.plan(), workload: Self.online(Self.one), options: options)
        }
    }
}
