import ArgumentParser
import Foundation

/// `--json [FILE]`, shared by the commands that report.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Write the result as one JSON object: to standard output when given alone (or '-'), else to the file.",
        valueName: "file"))
    var json: String?

    /// Whether the human-readable report should be printed (not when JSON goes to standard output).
    var printsText: Bool { json != JSONOutputOption.standardOutput }

    /// Writes `value` as JSON where `--json` asked for it (a file atomically); does nothing without `--json`.
    func writeJSON<T: Encodable>(_ value: T) throws {
        guard let json else { return }
        let data = try Self.jsonData(value)
        if json == JSONOutputOption.standardOutput {
            try StandardOutput.write(data)
        } else {
            try AtomicFile.write(data, to: json)
        }
    }

    /// Checks, before a long run, that the `--json` file could be written (see `AtomicFile.checkWritable`).
    func checkWritable() throws {
        if let json, json != JSONOutputOption.standardOutput { try AtomicFile.checkWritable(json) }
    }

    /// `value` as the commands write JSON: pretty-printed, keys sorted, a final newline.
    static func jsonData<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(contentsOf: Array("\n".utf8))
        return data
    }
}
