import Foundation

extension ModelConfig {
    /// Reads a Hugging Face `config.json`.
    /// - Parameters:
    ///   - path: the `config.json` file.
    ///   - name: display name; default: the file's `_name_or_path`, else its directory's name.
    /// - Throws: `FormatError` (unreadable file, not JSON), `CatalogError` naming a missing or invalid field.
    public static func load(path: String, name: String? = nil) throws -> ModelConfig {
        let data = try InputFile.read(path: path)
        let url = URL(fileURLWithPath: path)
        let fallback = url.deletingLastPathComponent().lastPathComponent
        return try decode(data, source: path, name: name, fallbackName: fallback.isEmpty ? "model" : fallback)
    }

    /// Reads a `config.json`'s bytes; `source` names the file in errors. Unknown keys are ignored.
    ///
    /// Required: `num_hidden_layers`, `hidden_size`, `num_attention_heads`, `intermediate_size`,
    /// `vocab_size`. Optional: `num_key_value_heads` (default: one per attention head, as in
    /// Transformers), `torch_dtype` or `dtype` (default `float16`, the precision models are served
    /// in), `num_local_experts` with `num_experts_per_tok`, `head_dim`.
    /// - Throws: `FormatError` when the bytes are not JSON (naming the line and column), hold a
    ///   key twice, or are not an object; `CatalogError` for fields.
    public static func decode(
        _ data: Data, source: String = "config.json", name: String? = nil, fallbackName: String = "model"
    ) throws -> ModelConfig {
        let node = try JSONInput.parse(data)
        guard case .object = node else {
            throw FormatError.malformedJSON(field: "", message: "expected a JSON object (a Hugging Face config.json)")
        }
        let object = try JSONInput.decode([String: JSONValue].self, from: node)
        func integer(_ key: CodingKeys, required: Bool) throws -> Int? {
            guard let value = object[key.rawValue], value != .null else {
                if required { throw CatalogError.missingConfigField(field: key.rawValue, file: source) }
                return nil
            }
            guard let number = value.doubleValue, let int = Int(exactly: number) else {
                throw CatalogError.invalidConfigField(
                    field: key.rawValue, value: describe(value), requirement: "must be an integer", file: source)
            }
            return int
        }
        func text(_ key: String) throws -> String? {
            guard let value = object[key], value != .null else { return nil }
            guard let string = value.stringValue else {
                throw CatalogError.invalidConfigField(field: key, value: describe(value), requirement: "must be a string", file: source)
            }
            return string
        }
        let displayName = try name ?? text("_name_or_path").flatMap { $0.isEmpty ? nil : $0 } ?? fallbackName
        return try ModelConfig(
            name: displayName,
            numHiddenLayers: try integer(.numHiddenLayers, required: true) ?? 0,
            hiddenSize: try integer(.hiddenSize, required: true) ?? 0,
            numAttentionHeads: try integer(.numAttentionHeads, required: true) ?? 0,
            numKeyValueHeads: try integer(.numKeyValueHeads, required: false),
            intermediateSize: try integer(.intermediateSize, required: true) ?? 0,
            vocabSize: try integer(.vocabSize, required: true) ?? 0,
            torchDtype: try text(CodingKeys.torchDtype.rawValue) ?? text("dtype") ?? "float16",
            numLocalExperts: try integer(.numLocalExperts, required: false),
            numExpertsPerToken: try integer(.numExpertsPerToken, required: false),
            headDim: try integer(.headDim, required: false),
            source: source)
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .number(let number): return String(number)
        case .string(let string): return "\"\(string)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
