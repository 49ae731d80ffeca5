/// `--json [FILE]`: machine-readable output, to standard output or to FILE.
///
/// ArgumentParser options always take a value, so before parsing, a bare `--json` (last, or followed
/// by another option) is rewritten to `--json -`, where `-` means standard output. `--json OUT`
/// writes the JSON to OUT and still prints the human-readable report. Put `--json` after CLUSTER:
/// the word after it is taken as its file.
public enum JSONOutputOption {
    public static let standardOutput = "-"

    public static func normalize(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count + 1)
        for (index, argument) in arguments.enumerated() {
            result.append(argument)
            if argument == "--json" {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if next == nil || next!.hasPrefix("-") && next != standardOutput {
                    result.append(standardOutput)
                }
            }
        }
        return result
    }
}
