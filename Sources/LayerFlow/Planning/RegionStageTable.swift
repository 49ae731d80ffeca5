/// Stage-aligned pipelines inside one region, for every number of layers at once: for a target
/// flow F, the fewest stages that cover `n` consecutive layers with every stage's summed capacity
/// at least F, for each `n`, optionally with a *wide* first or last stage (at least `entryWidth`
/// or `exitWidth` nodes), the stages at a WAN crossing that need several node pairs in parallel.
///
/// The dynamic program is `StageAlignedPlanner`'s over (layer position, nodes used per GPU type of
/// the region), with a flag for "the last stage is at least `exitWidth` wide": a stage is a minimal
/// composition (dropping any node falls below F, or below the width it must have).
struct RegionStageTable {
    /// One stage: its layer count and how many nodes of each of the region's types hold it.
    struct Stage {
        var length: Int
        var counts: [Int]
    }

    let members: [[Int]]
    let layerCount: Int
    let entryWidth: Int
    let exitWidth: Int
    /// best[p][state]: fewest stages covering p layers; state = code · 2 + (last stage has at least
    /// `exitWidth` nodes ? 1 : 0).
    private var best: [[Int32]]
    private var previous: [[Int32]]
    private var step: [[Int32]]
    /// sets[s][length]: minimal compositions with at least `widths[s]` nodes; sets 0 and 1 (any
    /// width, exit width) are for stages after the first, sets 2 and 3 (entry width, both) for the first.
    private var sets: [[[[Int]]]]
    private let strides: [Int]

    static let unreachable = Int32.max

    /// Nil when the region's count states exceed `StageAlignedPlanner.maxStateCount` or its table
    /// `StageAlignedPlanner.maxCellCount`, or when `budget` runs out.
    /// - Parameters:
    ///   - members: the region's nodes, grouped by GPU type.
    ///   - capacity: capacity[c][k - 1], tokens/s, of a class-c node holding k layers (0 where it cannot).
    /// - Complexity: O(L² · S · M) for S count states and M compositions per stage length.
    init?(
        members: [[Int]], capacity: [[Double]], layerCount: Int, target: Double, entryWidth: Int, exitWidth: Int,
        budget: PlanningBudget
    ) {
        var strides: [Int] = []
        var product = 1
        for group in members {
            strides.append(product)
            let (next, overflow) = product.multipliedReportingOverflow(by: group.count + 1)
            guard !overflow, next <= StageAlignedPlanner.maxStateCount else { return nil }
            product = next
        }
        guard product * 2 * (layerCount + 1) <= StageAlignedPlanner.maxCellCount else { return nil }
        self.members = members
        self.layerCount = layerCount
        self.entryWidth = entryWidth
        self.exitWidth = exitWidth
        self.strides = strides
        let limits = members.map(\.count)
        let widths = [0, exitWidth, entryWidth, max(entryWidth, exitWidth)]
        var sets: [[[[Int]]]] = []
        for (index, width) in widths.enumerated() {
            if let same = widths[..<index].firstIndex(where: { max($0, 1) == max(width, 1) }) {
                sets.append(sets[same])
            } else {
                sets.append((0...layerCount).map {
                    Self.minimalCompositions(capacity, limits, length: $0, target: target, width: width)
                })
            }
        }
        self.sets = sets
        let states = product * 2
        best = [[Int32]](repeating: [Int32](repeating: Self.unreachable, count: states), count: layerCount + 1)
        previous = best
        step = best
        best[0][0] = 0
        guard fill(limits: limits, budget: budget) else { return nil }
    }

    /// Count vectors of the region's types whose capacity at `length` layers reaches `target` with
    /// at least `width` nodes, and that stop doing so without any one of their nodes.
    static func minimalCompositions(_ capacity: [[Double]], _ limits: [Int], length: Int, target: Double, width: Int) -> [[Int]] {
        guard length > 0 else { return [] }
        var found: [[Int]] = []
        var counts = [Int](repeating: 0, count: limits.count)
        func done(_ sum: Double, _ total: Int) -> Bool { sum >= target && total >= width }
        func extend(_ c: Int, _ sum: Double, _ total: Int) {
            if done(sum, total) {
                let minimal = (0..<limits.count).allSatisfy {
                    counts[$0] == 0 || !done(sum - capacity[$0][length - 1], total - 1)
                }
                if minimal { found.append(counts) }
                return
            }
            guard c < limits.count else { return }
            let unit = length <= capacity[c].count ? capacity[c][length - 1] : 0
            for n in 0...(unit > 0 ? limits[c] : 0) {
                counts[c] = n
                extend(c + 1, sum + Double(n) * unit, total + n)
                if done(sum + Double(n) * unit, total + n) { break }
            }
            counts[c] = 0
        }
        extend(0, 0, 0)
        return found
    }

    private mutating func fill(limits: [Int], budget: PlanningBudget) -> Bool {
        let states = best[0].count
        for position in 0..<layerCount {
            if budget.isExhausted { return false }
            for state in 0..<states where best[position][state] != Self.unreachable {
                let code = state >> 1
                let used = best[position][state]
                for length in 1...(layerCount - position) {
                    for set in position == 0 ? [2, 3] : [0, 1] {
                        for (index, counts) in sets[set][length].enumerated() {
                            guard let nextCode = adding(counts, to: code, limits: limits) else { continue }
                            let next = position + length
                            let wide = counts.reduce(0, +) >= exitWidth
                            let nextState = nextCode << 1 | (wide ? 1 : 0)
                            if used + 1 < best[next][nextState] {
                                best[next][nextState] = used + 1
                                previous[next][nextState] = Int32(state)
                                step[next][nextState] = Int32(length << 20 | index << 2 | set)
                            }
                        }
                    }
                }
            }
        }
        return true
    }

    private func adding(_ counts: [Int], to code: Int, limits: [Int]) -> Int? {
        var next = code
        for c in counts.indices where counts[c] > 0 {
            if (code / strides[c]) % (limits[c] + 1) + counts[c] > limits[c] { return nil }
            next += counts[c] * strides[c]
        }
        return next
    }

    /// The end state with the fewest stages covering `layers` layers (ending on a wide stage when
    /// `exitWidth > 1`), or nil.
    private func endState(layers: Int) -> Int? {
        let row = best[layers]
        let candidates = row.indices.filter { row[$0] != Self.unreachable && (exitWidth <= 1 || $0 & 1 == 1) }
        return candidates.min { row[$0] < row[$1] }
    }

    /// Fewest stages covering `layers` layers, or nil when no pipeline of the region does.
    func stageCount(layers: Int) -> Int? {
        endState(layers: layers).map { Int(best[layers][$0]) }
    }

    /// The stages covering `layers` layers, first to last, or nil.
    func stages(layers: Int) -> [Stage]? {
        guard var state = endState(layers: layers) else { return nil }
        var position = layers
        var list: [Stage] = []
        while position > 0 {
            let encoded = Int(step[position][state])
            let length = encoded >> 20
            let index = (encoded >> 2) & ((1 << 18) - 1)
            list.append(Stage(length: length, counts: sets[encoded & 3][length][index]))
            state = Int(previous[position][state])
            position -= length
        }
        return list.reversed()
    }
}
