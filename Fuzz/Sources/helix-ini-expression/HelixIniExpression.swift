import Foundation
import FuzzSupport
import LayerFlow

/// The values of Helix's `.ini` files on their own: the unit-expression evaluator (`1000 * mbps`,
/// `-(2 + 3) / MilliSec`) and the list literals (`['source', 3, 'sink']`).
@_cdecl("LLVMFuzzerTestOneInput")
public func helixIniExpression(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzInput.text(start, count)
    if let value = try? HelixIniExpression.evaluate(text, file: "fuzz.ini", line: 1, key: "value") {
        fuzzCheck(value.isFinite, "the evaluator returned a non-finite value")
    }
    _ = try? HelixIniList.parse(text, file: "fuzz.ini", line: 1, key: "connected_nodes")
    return 0
}
