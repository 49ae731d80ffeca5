import Foundation
import LayerFlow
import Testing

/// Helix `.ini` values nest at most `InputLimits.maxExpressionDepth` deep: deeper ones fail with
/// an error naming the file, line and key (30,000 parentheses or 200,000 minus signs overflowed
/// the stack in `HelixIniExpression.Parser.factor`).
struct HelixExpressionDepthTests {
    @Test(arguments: [
        String(repeating: "(", count: 30_000) + "1" + String(repeating: ")", count: 30_000),
        String(repeating: "-", count: 200_000) + "1",
        String(repeating: "+(", count: 150) + "1" + String(repeating: ")", count: 150),
    ])
    func deeplyNestedHelixValuesFailWithAnError(text: String) throws {
        let error = try #require(throws: HelixIniError.self) {
            try HelixIniExpression.evaluate(text, file: "cluster.ini", line: 2, key: "total_compute_nodes")
        }
        let message = error.description
        #expect(message.contains("cluster.ini:2: total_compute_nodes"), "\(message.prefix(200))")
        #expect(message.contains("at most \(InputLimits.maxExpressionDepth) nested"), "\(message.prefix(200))")
        #expect(message.count < 400, "the message quotes only the start of the value")
    }

    @Test func nestingUpToTheLimitStillEvaluates() throws {
        let depth = InputLimits.maxExpressionDepth
        let nested = String(repeating: "(", count: depth) + "2 * gbps" + String(repeating: ")", count: depth)
        #expect(try HelixIniExpression.evaluate(nested, file: "f", line: 1, key: "k") == 2e9)
        let signs = String(repeating: "-", count: depth) + "1"
        #expect(try HelixIniExpression.evaluate(signs, file: "f", line: 1, key: "k") == 1)
    }
}
