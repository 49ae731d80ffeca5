/// Models LayerFlow knows out of the box, each as the fields of its published Hugging Face
/// `config.json`, so that `--model llama-2-70b` works without a file.
public enum ModelCatalog {
    /// A catalog model: its configuration, the names it answers to and where its weights live.
    public struct Entry: Sendable, Hashable, Encodable {
        public var config: ModelConfig
        /// Other names that resolve to this model (compared ignoring case, spaces, `-`, `_`, `/`, `.`).
        public var aliases: [String]
        /// The Hugging Face repository of the weights, e.g. `meta-llama/Llama-2-70b-hf`.
        public var huggingFaceID: String
    }

    /// Every catalog model. Figures copied from each repository's `config.json`.
    public static let all: [Entry] = {
        func entry(
            _ name: String, _ id: String, aliases: [String], layers: Int, hidden: Int, heads: Int, kvHeads: Int,
            intermediate: Int, vocab: Int, dtype: String, experts: Int? = nil, routed: Int? = nil
        ) -> Entry? {
            guard let config = try? ModelConfig(
                name: name, numHiddenLayers: layers, hiddenSize: hidden, numAttentionHeads: heads,
                numKeyValueHeads: kvHeads, intermediateSize: intermediate, vocabSize: vocab, torchDtype: dtype,
                numLocalExperts: experts, numExpertsPerToken: routed, source: "catalog entry \(name)")
            else { return nil }
            return Entry(config: config, aliases: aliases + [id], huggingFaceID: id)
        }
        let entries: [Entry?] = [
            entry("LLaMA-2-7B", "meta-llama/Llama-2-7b-hf", aliases: ["llama-2-7b", "llama2-7b"],
                  layers: 32, hidden: 4096, heads: 32, kvHeads: 32, intermediate: 11008, vocab: 32000, dtype: "float16"),
            entry("LLaMA-2-13B", "meta-llama/Llama-2-13b-hf", aliases: ["llama-2-13b", "llama2-13b"],
                  layers: 40, hidden: 5120, heads: 40, kvHeads: 40, intermediate: 13824, vocab: 32000, dtype: "float16"),
            entry("LLaMA-2-70B", "meta-llama/Llama-2-70b-hf", aliases: ["llama-2-70b", "llama2-70b"],
                  layers: 80, hidden: 8192, heads: 64, kvHeads: 8, intermediate: 28672, vocab: 32000, dtype: "float16"),
            entry("LLaMA-1-30B", "huggyllama/llama-30b", aliases: ["llama-1-30b", "llama-30b", "llama1-30b"],
                  layers: 60, hidden: 6656, heads: 52, kvHeads: 52, intermediate: 17920, vocab: 32000, dtype: "float16"),
            entry("LLaMA-3-8B", "meta-llama/Meta-Llama-3-8B", aliases: ["llama-3-8b", "llama3-8b"],
                  layers: 32, hidden: 4096, heads: 32, kvHeads: 8, intermediate: 14336, vocab: 128256, dtype: "bfloat16"),
            entry("LLaMA-3-70B", "meta-llama/Meta-Llama-3-70B", aliases: ["llama-3-70b", "llama3-70b"],
                  layers: 80, hidden: 8192, heads: 64, kvHeads: 8, intermediate: 28672, vocab: 128256, dtype: "bfloat16"),
            entry("Mixtral-8x7B", "mistralai/Mixtral-8x7B-v0.1", aliases: ["mixtral-8x7b", "mixtral"],
                  layers: 32, hidden: 4096, heads: 32, kvHeads: 8, intermediate: 14336, vocab: 32000, dtype: "bfloat16",
                  experts: 8, routed: 2),
        ]
        return entries.compactMap { $0 }
    }()

    /// The catalog model with this name or alias.
    /// - Throws: `CatalogError.unknownModel` listing the known names.
    public static func entry(named name: String) throws -> Entry {
        let key = CatalogKey.normalize(name)
        if let entry = all.first(where: { CatalogKey.matches(key, name: $0.config.name, aliases: $0.aliases) }) {
            return entry
        }
        throw CatalogError.unknownModel(name: name, known: all.map(\.config.name))
    }

    /// A catalog name, or a path to a `config.json` file (anything that names an existing file or
    /// ends in `.json`).
    /// - Throws: `CatalogError`, or `FormatError` for an unreadable or malformed file.
    public static func config(nameOrPath: String) throws -> ModelConfig {
        if nameOrPath.hasSuffix(".json") || FileSystem.isFile(nameOrPath) {
            return try ModelConfig.load(path: nameOrPath)
        }
        return try entry(named: nameOrPath).config
    }
}
