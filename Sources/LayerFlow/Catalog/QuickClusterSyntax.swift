/// The small languages of `QuickCluster`: GPU lists, regions and bandwidths.
public enum QuickClusterSyntax {
    /// `4xA100,8xL4,T4` → members (a missing count is 1; `x`, `×` or `*` separate count and name;
    /// repeated names add up). At most `QuickCluster.maximumGPUCount` GPUs in all.
    /// - Throws: `CatalogError.invalidSpecification` or `.unknownGPU`.
    public static func gpuList(_ text: String, option: String = "--gpus") throws -> [ThroughputEstimator.Member] {
        var members: [ThroughputEstimator.Member] = []
        var total = 0
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard !items.isEmpty, !(items.count == 1 && items[0].isEmpty) else {
            throw CatalogError.invalidSpecification(option: option, text: text, expected: "COUNTxGPU[,COUNTxGPU...], e.g. 4xA100,8xL4")
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
                guard parsed <= QuickCluster.maximumGPUCount else {
                    throw CatalogError.invalidSpecification(option: option, text: item, expected: QuickCluster.gpuCountExpectation)
                }
                count = parsed
                name = Substring(rest.dropFirst().trimmingSpaces)
            }
            guard !name.isEmpty else {
                throw CatalogError.invalidSpecification(option: option, text: item, expected: "a GPU name after the count")
            }
            let spec = try GPUCatalog.spec(named: String(name))
            if let index = members.firstIndex(where: { $0.gpu.name == spec.name }) {
                members[index].count += count
            } else {
                members.append(ThroughputEstimator.Member(gpu: spec, count: count))
            }
            // Checked as the counts add up, so that no sum can overflow.
            total += count
            guard total <= QuickCluster.maximumGPUCount else {
                throw CatalogError.invalidSpecification(option: option, text: text, expected: QuickCluster.gpuCountExpectation)
            }
        }
        return members
    }

    /// `us:4xA100,8xL4;eu:12xT4` → regions, in order; names must be unique. At most
    /// `QuickCluster.maximumGPUCount` GPUs over all regions.
    /// - Throws: `CatalogError.invalidSpecification` or `.unknownGPU`.
    public static func regions(_ text: String) throws -> [QuickCluster.Region] {
        var regions: [QuickCluster.Region] = []
        var total = 0
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
            total += gpus.reduce(0) { $0 + $1.count }
            guard total <= QuickCluster.maximumGPUCount else {
                throw CatalogError.invalidSpecification(option: "--regions", text: text, expected: QuickCluster.gpuCountExpectation)
            }
            regions.append(QuickCluster.Region(name: name, members: gpus))
        }
        guard !regions.isEmpty else {
            throw CatalogError.invalidSpecification(option: "--regions", text: text, expected: "NAME:GPUS[;NAME:GPUS...]")
        }
        return regions
    }

    /// `1Gbps`, `100 Mbps`, `2.5Gbit/s`, `500kbps` (bits per second) or `1GB/s`, `200MB/s` (bytes)
    /// → bytes per second (bits / 8). Prefixes are decimal (k = 10³, M = 10⁶, G = 10⁹, T = 10¹²).
    /// - Throws: `CatalogError.invalidSpecification` naming the option.
    public static func bandwidth(_ text: String, option: String = "--network") throws -> Double {
        let trimmed = text.trimmingSpaces
        let numberPart = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" }
        let unit = trimmed.dropFirst(numberPart.count).trimmingSpaces
        let expected = "a positive number and a unit: bps, kbps, Mbps, Gbps, Tbps (bits) or B/s, kB/s, MB/s, GB/s (bytes), e.g. 1Gbps"
        guard let value = Double(numberPart), value.isFinite, value > 0, let multiplier = unitMultiplier(unit) else {
            throw CatalogError.invalidSpecification(option: option, text: text, expected: expected)
        }
        return value * multiplier
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
