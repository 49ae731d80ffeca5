/// How a re-plan trades throughput against churn.
public struct ReplanOptions: Sendable, Hashable, Codable {
    /// Share of the model's layers a re-plan may move beyond the lost ones when no budget is given.
    public static let defaultRebalanceShare = 0.10
    /// Petals' `balance_quality` 0.75: an optional change must gain ≥ 1 / 0.75 ≈ 1.33×.
    public static let defaultGainThreshold = 1.33

    /// The most layers nodes that serve today may load (nil: the lost layers plus 10 % of the
    /// model). Idle and joined nodes load without counting: they disturb nothing that serves.
    public var maxMovedLayers: Int?
    /// An optional change (nothing lost) is proposed only if it multiplies throughput by at least
    /// this much; repairing lost coverage is always proposed.
    public var gainThreshold: Double
    public var rule: ContiguityRule

    public init(maxMovedLayers: Int? = nil, gainThreshold: Double = defaultGainThreshold, rule: ContiguityRule = .strict) {
        self.maxMovedLayers = maxMovedLayers
        self.gainThreshold = gainThreshold
        self.rule = rule
    }

    /// - Throws: `ReplanError.invalidOption` naming the option.
    public func validate() throws(ReplanError) {
        if let maxMovedLayers, maxMovedLayers < 0 {
            throw .invalidOption(field: "maxMovedLayers", reason: "\(maxMovedLayers) must be ≥ 0")
        }
        guard gainThreshold.isFinite, gainThreshold >= 1 else {
            throw .invalidOption(field: "gainThreshold", reason: "\(gainThreshold) must be ≥ 1")
        }
    }

    /// The budget for a re-plan that lost `lostLayers` layers of a `layerCount`-layer model.
    func budget(lostLayers: Int, layerCount: Int) -> Int {
        maxMovedLayers ?? lostLayers + Int((Double(layerCount) * Self.defaultRebalanceShare).rounded(.up))
    }
}
