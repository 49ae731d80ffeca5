/// A GPU model's public figures: what the throughput estimator needs to predict how fast a server
/// with this GPU runs a slice of a model.
///
/// Figures are the vendor's datasheet numbers (dense half precision, i.e. without 2:4 structured
/// sparsity); the NIC is an assumption about the server the GPU usually sits in, not a GPU figure.
public struct GPUSpec: Sendable, Hashable, Codable {
    /// Canonical name, e.g. `"A100-40GB"`; the GPU type name of clusters built from the catalog.
    public var name: String
    /// Other names that resolve to this GPU (matched ignoring case, spaces, `-` and `_`).
    public var aliases: [String]
    /// Vendor, e.g. `"NVIDIA"`.
    public var vendor: String
    /// Memory in bytes. Datasheets say "GB" but GPU memory comes in binary gigabytes (2^30 bytes).
    public var vramBytes: Double
    /// Peak memory bandwidth, bytes per second (datasheet "GB/s" are decimal, 10^9).
    public var memoryBandwidthBytesPerSecond: Double
    /// Peak dense FP16/BF16 tensor throughput, floating-point operations per second.
    public var denseHalfPrecisionFLOPS: Double
    /// The network interface a server with this GPU typically has (per GPU), bytes per second.
    public var typicalNICBytesPerSecond: Double
    /// Where the figures come from, for people.
    public var source: String

    public init(
        name: String, aliases: [String] = [], vendor: String, vramBytes: Double,
        memoryBandwidthBytesPerSecond: Double, denseHalfPrecisionFLOPS: Double,
        typicalNICBytesPerSecond: Double, source: String
    ) {
        self.name = name
        self.aliases = aliases
        self.vendor = vendor
        self.vramBytes = vramBytes
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.denseHalfPrecisionFLOPS = denseHalfPrecisionFLOPS
        self.typicalNICBytesPerSecond = typicalNICBytesPerSecond
        self.source = source
    }

    /// `count` GPUs of this kind in one server, used as one tensor-parallel stage (Helix's `T4x2`,
    /// `L4x2`): memory, bandwidth, compute and NIC add up; the name gets an `x<count>` suffix.
    /// Tensor parallelism's all-reduce cost is not modelled, so this is optimistic.
    public func ganged(_ count: Int) -> GPUSpec {
        guard count > 1 else { return self }
        let factor = Double(count)
        return GPUSpec(
            name: "\(name)x\(count)", aliases: aliases.map { "\($0)x\(count)" }, vendor: vendor,
            vramBytes: vramBytes * factor, memoryBandwidthBytesPerSecond: memoryBandwidthBytesPerSecond * factor,
            denseHalfPrecisionFLOPS: denseHalfPrecisionFLOPS * factor,
            typicalNICBytesPerSecond: typicalNICBytesPerSecond,
            source: "\(count) × (\(source))")
    }
}
