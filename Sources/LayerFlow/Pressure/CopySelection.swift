/// How many weight copies each replica class donates, and the deepest pipeline that takes: the
/// first two objectives of a drop plan (fewest copies that meet the demand, then shallowest).
package struct CopySelection: Sendable, Hashable {
    /// Copies donated by each class, by class position.
    package var copies: [Int]
    /// The deepest group needed (1 when nothing is donated).
    package var depth: Int
    package var totalCopies: Int { copies.reduce(0, +) }

    /// The most copies `members` replicas can donate in groups of at most `depth`: every replica
    /// in a group, ⌈members ÷ depth⌉ groups, each donating all but one member.
    package static func capacity(members: Int, depth: Int) -> Int {
        depth < 2 ? 0 : members - (members + depth - 1) / depth
    }

    /// The most tokens the classes can free with groups of at most `maxDepth` members.
    package static func maxAchievable(classes: [(members: Int, tokensPerCopy: Int)], maxDepth: Int) -> Int {
        classes.reduce(0) { $0 + capacity(members: $1.members, depth: maxDepth) * $1.tokensPerCopy }
    }

    /// The selection for `demand` tokens, or nil when even `maxDepth` cannot meet it.
    ///
    /// Fewest copies: the largest copies first (an exchange argument: the `K` largest items have the
    /// largest sum of any `K`). Then the smallest depth `d` at which the `K` largest copies under the
    /// per-class limits `capacity(members, d)` still meet the demand.
    /// - Precondition: classes sorted by `tokensPerCopy`, largest first.
    /// - Complexity: O(maxDepth · classes).
    package static func select(classes: [(members: Int, tokensPerCopy: Int)], demand: Int, maxDepth: Int) -> CopySelection? {
        guard let minimum = fewestCopies(classes: classes, demand: demand, depth: maxDepth) else { return nil }
        if minimum == 0 { return CopySelection(copies: [Int](repeating: 0, count: classes.count), depth: 1) }
        for depth in 2...maxDepth {
            let copies = largestCopies(classes: classes, count: minimum, depth: depth)
            let freed = zip(copies, classes).reduce(0) { $0 + $1.0 * $1.1.tokensPerCopy }
            if copies.reduce(0, +) == minimum && freed >= demand { return CopySelection(copies: copies, depth: depth) }
        }
        return nil
    }

    /// Fewest copies, largest first, whose tokens reach `demand` under the limits at `depth`.
    private static func fewestCopies(classes: [(members: Int, tokensPerCopy: Int)], demand: Int, depth: Int) -> Int? {
        var remaining = demand
        var count = 0
        for entry in classes where entry.tokensPerCopy > 0 {
            if remaining <= 0 { break }
            let needed = (remaining + entry.tokensPerCopy - 1) / entry.tokensPerCopy
            let taken = min(needed, capacity(members: entry.members, depth: depth))
            count += taken
            remaining -= taken * entry.tokensPerCopy
        }
        return remaining <= 0 ? count : nil
    }

    /// The `count` largest copies under the limits at `depth`, as copies per class.
    private static func largestCopies(classes: [(members: Int, tokensPerCopy: Int)], count: Int, depth: Int) -> [Int] {
        var left = count
        return classes.map { entry in
            let taken = entry.tokensPerCopy > 0 ? min(left, capacity(members: entry.members, depth: depth)) : 0
            left -= taken
            return taken
        }
    }

    /// Group sizes that donate `copies` from `members` replicas with the shallowest deepest group:
    /// as many groups as possible, `min(members − copies, copies)`, donations spread evenly.
    /// - Complexity: O(groups).
    package static func groupSizes(members: Int, copies: Int) -> [Int] {
        guard copies > 0 else { return [] }
        let groups = min(members - copies, copies)
        let base = copies / groups
        let extra = copies % groups
        return (0..<groups).map { $0 < extra ? base + 2 : base + 1 }
    }
}
