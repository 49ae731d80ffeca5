/// Ranges by node position, filled class by class: each range goes to the next unused members of
/// its class, in member order. How a plan stated in class counts (the stage-aligned program, the
/// layer-coverage MILP) becomes a placement.
package struct ClassAssignment {
    private let classes: NodeClasses
    private var next: [Int]
    package private(set) var ranges: [LayerRange?]

    package init(classes: NodeClasses, nodeCount: Int) {
        self.classes = classes
        next = [Int](repeating: 0, count: classes.count)
        ranges = [LayerRange?](repeating: nil, count: nodeCount)
    }

    /// Gives `range` to up to `count` unused members of class `classIndex` (fewer when the class
    /// runs out).
    package mutating func assign(_ range: LayerRange, count: Int, ofClass classIndex: Int) {
        let members = classes.members[classIndex]
        for _ in 0..<max(count, 0) where next[classIndex] < members.count {
            ranges[members[next[classIndex]]] = range
            next[classIndex] += 1
        }
    }
}
