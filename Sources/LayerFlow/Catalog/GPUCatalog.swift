/// The GPUs LayerFlow knows out of the box, with vendor datasheet figures, so that a cluster can be
/// described as `4xA100,8xL4` without profiling.
///
/// Memory sizes are the datasheet's "GB", read as binary gigabytes (what the device reports);
/// bandwidths are decimal (GB/s = 10^9 bytes/s); compute is dense FP16/BF16 tensor throughput
/// (the datasheets' "with sparsity" figures are twice these). NICs are not GPU figures: they are a
/// typical per-GPU network share of servers carrying the GPU, an assumption stated per entry.
public enum GPUCatalog {
    private static let gib = 1_073_741_824.0
    private static let gbps = 1e9 / 8

    /// Every catalog GPU, in a fixed order (newest data-centre parts last within a vendor).
    public static let all: [GPUSpec] = [
        GPUSpec(
            name: "A100-40GB", aliases: ["A100", "A100-40G", "A100-SXM4-40GB"], vendor: "NVIDIA",
            vramBytes: 40 * gib, memoryBandwidthBytesPerSecond: 1555e9, denseHalfPrecisionFLOPS: 312e12,
            typicalNICBytesPerSecond: 100 * gbps,
            source: "NVIDIA A100 datasheet (SXM4 40GB: 1,555 GB/s, 312 TFLOPS FP16 tensor); NIC assumed 100 Gb/s"),
        GPUSpec(
            name: "A100-80GB", aliases: ["A100-80G", "A100-SXM4-80GB"], vendor: "NVIDIA",
            vramBytes: 80 * gib, memoryBandwidthBytesPerSecond: 2039e9, denseHalfPrecisionFLOPS: 312e12,
            typicalNICBytesPerSecond: 100 * gbps,
            source: "NVIDIA A100 datasheet (SXM4 80GB: 2,039 GB/s, 312 TFLOPS FP16 tensor); NIC assumed 100 Gb/s"),
        GPUSpec(
            name: "H100", aliases: ["H100-SXM", "H100-SXM5", "H100-80GB"], vendor: "NVIDIA",
            vramBytes: 80 * gib, memoryBandwidthBytesPerSecond: 3350e9, denseHalfPrecisionFLOPS: 989.5e12,
            typicalNICBytesPerSecond: 200 * gbps,
            source: "NVIDIA H100 datasheet (SXM: 3.35 TB/s, 1,979 TFLOPS FP16 with sparsity = 989.5 dense); NIC assumed 200 Gb/s"),
        GPUSpec(
            name: "H200", aliases: ["H200-SXM", "H200-141GB"], vendor: "NVIDIA",
            vramBytes: 141 * gib, memoryBandwidthBytesPerSecond: 4800e9, denseHalfPrecisionFLOPS: 989.5e12,
            typicalNICBytesPerSecond: 200 * gbps,
            source: "NVIDIA H200 datasheet (SXM: 141 GB, 4.8 TB/s, 1,979 TFLOPS FP16 with sparsity = 989.5 dense); NIC assumed 200 Gb/s"),
        GPUSpec(
            name: "L4", aliases: ["L4-24GB"], vendor: "NVIDIA",
            vramBytes: 24 * gib, memoryBandwidthBytesPerSecond: 300e9, denseHalfPrecisionFLOPS: 121e12,
            typicalNICBytesPerSecond: 16 * gbps,
            source: "NVIDIA L4 datasheet (300 GB/s, 242 TFLOPS FP16 with sparsity = 121 dense); NIC assumed 16 Gb/s"),
        GPUSpec(
            name: "L40S", aliases: ["L40S-48GB"], vendor: "NVIDIA",
            vramBytes: 48 * gib, memoryBandwidthBytesPerSecond: 864e9, denseHalfPrecisionFLOPS: 362e12,
            typicalNICBytesPerSecond: 50 * gbps,
            source: "NVIDIA L40S datasheet (864 GB/s, 733 TFLOPS FP16 with sparsity = 362 dense); NIC assumed 50 Gb/s"),
        GPUSpec(
            name: "T4", aliases: ["Tesla-T4", "T4-16GB"], vendor: "NVIDIA",
            vramBytes: 16 * gib, memoryBandwidthBytesPerSecond: 320e9, denseHalfPrecisionFLOPS: 65e12,
            typicalNICBytesPerSecond: 10 * gbps,
            source: "NVIDIA T4 datasheet (320 GB/s, 65 TFLOPS mixed FP16/FP32); NIC assumed 10 Gb/s"),
        GPUSpec(
            name: "V100", aliases: ["V100-16GB", "V100-SXM2", "Tesla-V100"], vendor: "NVIDIA",
            vramBytes: 16 * gib, memoryBandwidthBytesPerSecond: 900e9, denseHalfPrecisionFLOPS: 125e12,
            typicalNICBytesPerSecond: 25 * gbps,
            source: "NVIDIA V100 datasheet (SXM2 16GB: 900 GB/s, 125 TFLOPS tensor); NIC assumed 25 Gb/s"),
        GPUSpec(
            name: "A10G", aliases: ["A10G-24GB"], vendor: "NVIDIA",
            vramBytes: 24 * gib, memoryBandwidthBytesPerSecond: 600e9, denseHalfPrecisionFLOPS: 70e12,
            typicalNICBytesPerSecond: 25 * gbps,
            source: "AWS G5 (A10G) published figures: 24 GB, 600 GB/s, ~70 TFLOPS FP16 tensor (no NVIDIA datasheet); NIC assumed 25 Gb/s"),
        GPUSpec(
            name: "RTX4090", aliases: ["RTX-4090", "4090", "GeForce-RTX-4090"], vendor: "NVIDIA",
            vramBytes: 24 * gib, memoryBandwidthBytesPerSecond: 1008e9, denseHalfPrecisionFLOPS: 165.2e12,
            typicalNICBytesPerSecond: 10 * gbps,
            source: "NVIDIA Ada Lovelace whitepaper (RTX 4090: 1,008 GB/s, 165.2 TFLOPS FP16 tensor with FP32 accumulate); NIC assumed 10 Gb/s"),
        GPUSpec(
            name: "MI300X", aliases: ["Instinct-MI300X"], vendor: "AMD",
            vramBytes: 192 * gib, memoryBandwidthBytesPerSecond: 5300e9, denseHalfPrecisionFLOPS: 1307.4e12,
            typicalNICBytesPerSecond: 200 * gbps,
            source: "AMD Instinct MI300X datasheet (192 GB HBM3, 5.3 TB/s, 1,307.4 TFLOPS FP16 dense); NIC assumed 200 Gb/s"),
    ]

    /// The GPU with this name or alias (ignoring case, spaces, `-` and `_`). A name ending in
    /// `x<n>` that is not itself an entry (`T4x2`, `L4x2`, Helix's multi-GPU servers) is n ganged
    /// GPUs of the base entry, see `GPUSpec.ganged(_:)`.
    /// - Throws: `CatalogError.unknownGPU` listing the known names.
    public static func spec(named name: String) throws -> GPUSpec {
        let key = CatalogKey.normalize(name)
        if let spec = all.first(where: { CatalogKey.matches(key, name: $0.name, aliases: $0.aliases) }) {
            return spec
        }
        if let (base, count) = CatalogKey.splitGangSuffix(key), count > 1,
           let spec = all.first(where: { CatalogKey.matches(base, name: $0.name, aliases: $0.aliases) }) {
            return spec.ganged(count)
        }
        throw CatalogError.unknownGPU(name: name, known: all.map(\.name))
    }
}

/// How catalog names are compared: lower case, without spaces, `-`, `_`, `/` and `.`.
enum CatalogKey {
    static func normalize(_ text: String) -> String {
        String(text.lowercased().filter { !" -_/.".contains($0) })
    }

    static func matches(_ key: String, name: String, aliases: [String]) -> Bool {
        normalize(name) == key || aliases.contains { normalize($0) == key }
    }

    /// `"t4x2"` → (`"t4"`, 2); nil when the key does not end in `x` and digits after a non-empty base.
    static func splitGangSuffix(_ key: String) -> (String, Int)? {
        guard let x = key.lastIndex(of: "x") else { return nil }
        let base = String(key[..<x])
        let digits = key[key.index(after: x)...]
        guard !base.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isASCII), let count = Int(digits) else { return nil }
        return (base, count)
    }
}
