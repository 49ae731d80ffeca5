import LayerFlow
import LayerFlowTestSupport
import Testing

/// `Placement.changes(from:)`, survivors and scoring a placement on a changed cluster.
@Suite struct PlacementChangesTests {
    @Test func changesListLoadsAndUnloadsPerNode() {
        let old = Placement(["a": LayerRange(0, 4), "b": LayerRange(4, 8), "c": LayerRange(8, 10)])
        let new = Placement(["a": LayerRange(0, 5), "b": LayerRange(5, 10), "d": LayerRange(0, 2)])
        let changes = new.changes(from: old)
        #expect(changes.changes.map(\.node) == ["a", "b", "c", "d"])
        #expect(changes.changes[0].loaded == [LayerRange(4, 5)] && changes.changes[0].unloaded.isEmpty)
        #expect(changes.changes[1].loaded == [LayerRange(8, 10)] && changes.changes[1].unloaded == [LayerRange(4, 5)])
        #expect(changes.changes[2].loaded.isEmpty && changes.changes[2].unloaded == [LayerRange(8, 10)])
        #expect(changes.changes[3].loaded == [LayerRange(0, 2)])
        #expect(changes.movedLayers == 1 + 2 + 2)
        #expect(new.changes(from: new).isEmpty)
    }

    @Test func survivorsAreScoredWhereEvaluateRefusesTheMissingNode() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 4, layers: 8)
        let placement = Placement(["n0": LayerRange(0, 4), "n1": LayerRange(4, 8), "n2": LayerRange(0, 4), "n3": LayerRange(4, 8)])
        let smaller = try cluster.removingNodes(["n3"])
        #expect(throws: PlacementError.unknownNode(id: "n3")) { try smaller.evaluate(placement) }
        let survivors = try smaller.evaluateSurvivors(of: placement)
        let direct = try smaller.evaluate(Placement(["n0": LayerRange(0, 4), "n1": LayerRange(4, 8), "n2": LayerRange(0, 4)]))
        #expect(survivors.throughputTokensPerSecond == direct.throughputTokensPerSecond)
        #expect(survivors.throughputTokensPerSecond > 0)
        #expect(placement.surviving(in: smaller).uncoveredLayers(layerCount: 8).isEmpty)
        #expect(Placement(["n0": LayerRange(0, 4)]).uncoveredLayers(layerCount: 8) == [LayerRange(4, 8)])
    }
}
