/// Locale-independent number formatting for reports (so output is identical on every machine).
package enum Formatting {
    /// "1,289.56 tokens/s"
    package static func rate(_ tokensPerSecond: Double) -> String {
        "\(number(tokensPerSecond, decimals: 2)) tokens/s"
    }

    /// A number with thousands separators and fixed decimals, independent of locale.
    package static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let integerPart = Int(rounded / scale)
        let fraction = Int(rounded - Double(integerPart) * scale)
        var digits = String(integerPart)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        grouped = digits + grouped
        if decimals > 0 {
            var fractionText = String(fraction)
            while fractionText.count < decimals { fractionText = "0" + fractionText }
            grouped += "." + fractionText
        }
        return (value < 0 && rounded > 0 ? "-" : "") + grouped
    }
}
