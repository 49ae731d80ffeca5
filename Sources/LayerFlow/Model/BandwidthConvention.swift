/// How a link's or NIC's bandwidth turns into a capacity in tokens per second.
///
/// Bandwidths are always stored as physical bytes per second. Helix, whose numbers the shared
/// benchmark instances carry, divides a bandwidth written in *bits* per second by bytes per token
/// without the factor 8; `.helix` reproduces that (capacities 8× the physical ones) so that its
/// reference max flows reproduce exactly. New clusters should use `.physical`.
public enum BandwidthConvention: String, Sendable, Hashable, Codable, CaseIterable {
    /// capacity = bandwidthBytesPerSecond / bytesPerToken.
    case physical
    /// capacity = (8 · bandwidthBytesPerSecond) / bytesPerToken, i.e. bits taken as bytes, as Helix does.
    case helix

    /// Multiplier applied to a bandwidth in bytes per second before dividing by bytes per token.
    /// Multiplying by 8 is exact in binary floating point, so Helix's quotients reproduce bit for bit.
    public var bandwidthMultiplier: Double {
        switch self {
        case .physical: return 1
        case .helix: return 8
        }
    }
}
