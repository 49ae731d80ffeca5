import Foundation
import FuzzSupport
import LayerFlow

/// The request-length CSV `layerflow schedule --lengths` reads (`RequestLengths.parseCSV`), one
/// request per row and with the rows repeated to fixed counts (a negative one included: the
/// library takes it as 0, where it used to trap on a reversed range).
@_cdecl("LLVMFuzzerTestOneInput")
public func requestLengthsCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzInput.text(start, count)
    for requested in [nil, -1, 0, 1, 7] as [Int?] {
        guard let requests = try? RequestLengths.parseCSV(text, count: requested) else { continue }
        if let requested { fuzzCheck(requests.count == max(0, requested), "asked for \(requested) requests, got \(requests.count)") }
        for (index, request) in requests.enumerated() {
            fuzzCheck(request.id == index, "request ids are not 0, 1, ...")
            fuzzCheck(request.promptTokens >= 1 && request.expectedOutputTokens >= 0, "a length out of range")
        }
    }
    return 0
}
