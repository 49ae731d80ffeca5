/// The small languages of `QuickCluster`: GPU lists, regions and bandwidths.
public enum QuickClusterSyntax {
    /// `4xA100,8xL4,T4` → members (a missing count is 1; `x`, `×` or `*` separate count and name;
    /// repeated names add up).
    /// - Throws: `CatalogError.invalidSpecification`, `.emptyEntry` (`4xA100,,8xL4`) or `.unknownGPU`.
    public static func gpuList(_ text: String, option: String = "--gpus") throws -> [ThroughputEstimator.Member] {
        var members: [ThroughputEstimator.Member] = []
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        let syntax = "COUNTxGPU[,COUNTxGPU...], e.g. 4xA100,8xL4"
        guard !items.isEmpty, !(items.count == 1 && items[0].isEmpty) else {
            throw CatalogError.invalidSpecification(option: option, text: text, expected: syntax)
        }
        if let empty = items.firstIndex(where: \.isEmpty) {
            throw CatalogError.emptyEntry(option: option, text: text, position: empty + 1, expected: syntax)
        }
        for item in items {
            let digits = item.prefix { $0.isASCII && $0.isNumber }
            var count = 1
            var name = Substring(item)
            if !digits.isEmpty {
                let rest = item.dropFirst(digits.count).trimmingSpaces
                guard let separator = rest.first, "xX×*".contains(separator), let parsed = Int(digits), parsed >= 1 else {
                    throw CatalogError.invalidSpecification(
                        option: option, text: item, expected: "COUNTxGPU with COUNT >= 1, e.g. 4xA100")
                }
                count = parsed
                name = Substring(rest.dropFirst().trimmingSpaces)
            }
            guard !name.isEmpty else {
                throw CatalogError.invalidSpecification(option: option, text: item, expected: "a GPU name after the count")
            }
            let spec = try GPUCatalog.spec(named: String(name))
            if let index = members.firstIndex(where: { $0.gpu.name == spec.name }) {
                let (sum, overflow) = members[index].count.addingReportingOverflow(count)
                guard !overflow else {
                    throw CatalogError.invalidSpecification(
                        option: option, text: text, expected: "at most \(InputLimits.maxNodes) GPUs in all")
                }
                members[index].count = sum
            } else {
                members.append(ThroughputEstimator.Member(gpu: spec, count: count))
            }
        }
        return members
    }

    /// `us:4xA100,8xL4;eu:12xT4` → regions, in order; names must be unique.
    /// - Throws: `CatalogError.invalidSpecification` or `.unknownGPU`.
    public static func regions(_ text: String) throws -> [QuickCluster.Region] {
        var regions: [QuickCluster.Region] = []
        for part in text.split(separator: ";").map({ $0.trimmingSpaces }) where !part.isEmpty {
            guard let colon = part.firstIndex(of: ":") else {
                throw CatalogError.invalidSpecification(option: "--regions", text: part, expected: "NAME:GPUS, e.g. us:4xA100,8xL4")
            }
            let name = part[..<colon].trimmingSpaces
            guard !name.isEmpty, !regions.contains(where: { $0.name == name }) else {
                throw CatalogError.invalidSpecification(
                    option: "--regions", text: part, expected: "a non-empty region name used once")
            }
            let gpus = try gpuList(String(part[part.index(after: colon)...]), option: "--regions")
            regions.append(QuickCluster.Region(name: name, members: gpus))
        }
        guard !regions.isEmpty else {
            throw CatalogError.invalidSpecification(option: "--regions", text: text, expected: "NAME:GPUS[;NAME:GPUS...]")
        }
        return regions
    }

    /// The fastest link a description may give: 10¹⁵ bytes per second (8 Pbps), a thousand times
    /// today's fastest NICs, and far enough from overflow that capacities, sums over a cluster's
    /// links and Helix's 8× convention stay finite.
    public static let maximumBandwidthBytesPerSecond = 1e15

    /// `1Gbps`, `100 Mbps`, `2.5Gbit/s`, `500kbps` (bits per second) or `1GB/s`, `200MB/s` (bytes)
    /// → bytes per second (bits / 8). Prefixes are decimal (k = 10³, M = 10⁶, G = 10⁹, T = 10¹²).
    /// - Throws: `CatalogError.invalidSpecification` naming the option, also for a speed above
    ///   `maximumBandwidthBytesPerSecond`.
    public static func bandwidth(_ text: String, option: String = "--network") throws -> Double {
        let trimmed = text.trimmingSpaces
        let numberPart = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" }
        let unit = trimmed.dropFirst(numberPart.count).trimmingSpaces
        let expected = "a positive number and a unit: bps, kbps, Mbps, Gbps, Tbps (bits) or B/s, kB/s, MB/s, GB/s (bytes), e.g. 1Gbps"
        guard let value = Double(numberPart), value.isFinite, value > 0, let multiplier = unitMultiplier(unit) else {
            throw CatalogError.invalidSpecification(option: option, text: text, expected: expected)
        }
        let bytesPerSecond = value * multiplier
        guard bytesPerSecond <= maximumBandwidthBytesPerSecond else {
            throw CatalogError.invalidSpecification(
                option: option, text: text, expected: "a speed of at most 8Pbps (1e15 B/s)")
        }
        return bytesPerSecond
    }

    /// Bytes per second of one unit, nil when the unit is not recognised.
    private static func unitMultiplier(_ unit: String) -> Double? {
        let prefixes: [Character: Double] = ["k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9, "t": 1e12, "T": 1e12]
        var rest = Substring(unit)
        var scale = 1.0
        if let first = rest.first, let prefix = prefixes[first], rest.count > 1 {
            scale = prefix
            rest = rest.dropFirst()
        }
        switch rest {
        case "bps", "bit/s", "b/s": return scale / 8
        case "Bps", "B/s": return scale
        default: return nil
        }
    }
}

private extension StringProtocol {
    var trimmingSpaces: String {
        var result = Substring(self)
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return String(result)
    }
}
