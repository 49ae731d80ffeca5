import Foundation
import FuzzSupport
import LayerFlowSimulator

/// The simulator's workload files (`layerflow simulate --trace / --lengths / --arrival-counts`):
/// timed traces, length lists and Helix's per-interval arrival counts, from the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func workloadCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput.data(start, count)
    let limit = Int(Int32.max)
    if let arrivals = try? WorkloadCSV.parseTrace(data) {
        fuzzCheck(!arrivals.isEmpty, "a trace without rows was accepted")
        for (index, arrival) in arrivals.enumerated() {
            fuzzCheck(arrival.timeSeconds.isFinite && arrival.timeSeconds >= 0, "an arrival time out of range")
            if index > 0 { fuzzCheck(arrivals[index - 1].timeSeconds <= arrival.timeSeconds, "a trace out of time order") }
            fuzzCheck((1...limit).contains(arrival.shape.inputTokens) && (1...limit).contains(arrival.shape.outputTokens), "a length out of range")
        }
    }
    if let shapes = try? WorkloadCSV.parseLengths(data) {
        fuzzCheck(!shapes.isEmpty, "a lengths file without rows was accepted")
        for shape in shapes {
            fuzzCheck((1...limit).contains(shape.inputTokens) && (1...limit).contains(shape.outputTokens), "a length out of range")
        }
    }
    if let counts = try? WorkloadCSV.parseArrivalCounts(data) {
        fuzzCheck(!counts.isEmpty && counts.allSatisfy { (0...limit).contains($0) }, "a count out of range")
    }
    return 0
}
