/// Internal consistency checks compiled into debug builds (so every test run) and out of release
/// builds, the way swift-collections guards `_checkInvariants()` with `COLLECTIONS_INTERNAL_CHECKS`:
/// a violated invariant traps where it broke, naming it, instead of surfacing later as a wrong
/// number. `Package.swift` defines `LAYERFLOW_INVARIANTS` for the debug configuration.
///
/// `violation` returns a description of the first broken invariant, or `nil`; it is not evaluated
/// at all in release builds.
@inline(__always)
func checkInvariant(
    _ violation: @autoclosure () -> String?, _ what: StaticString, file: StaticString = #fileID, line: UInt = #line
) {
    #if LAYERFLOW_INVARIANTS
    if let message = violation() {
        preconditionFailure("\(what): \(message)", file: file, line: line)
    }
    #endif
}

/// Whether this build checks its invariants (debug builds: yes; release builds: no).
package let invariantChecksAreCompiledIn: Bool = {
    #if LAYERFLOW_INVARIANTS
    return true
    #else
    return false
    #endif
}()
