import LayerFlow
import Testing

/// The request-length CSV reader under the `request-lengths-csv` fuzz target (Fuzz/).
struct RequestLengthsFuzzFindingsTests {
    /// A negative count made `0..<count`, a reversed range: a trap in any caller that passed one
    /// (the command-line tool rejects `--requests -1` before reading, library callers did not).
    @Test func aNegativeCountGivesNoRequests() throws {
        #expect(try RequestLengths.parseCSV("prompt,output\n10,5\n", count: -1).isEmpty)
        #expect(try RequestLengths.parseCSV("prompt,output\n10,5\n", count: Int.min).isEmpty)
        // The file is still checked.
        #expect(throws: RequestLengthsError.self) { try RequestLengths.parseCSV("prompt,output\nten,5\n", count: -1) }
    }
}
