import ArgumentParser
import Foundation
import LayerFlow
import LayerFlowSimulator

/// Runs a command body, reporting LayerFlow's typed errors on standard error with a distinct exit
/// code: 64 for bad usage found after parsing, 65 for invalid data, 66 for a file that cannot be
/// read, 70 for a solver failure, 73 for an output file that cannot be created, 74 for an output
/// (a file or standard output) that cannot be written, 130 or 143 for a run a signal stopped before
/// it had a result (see `Interruption`), 1 for anything else.
func reportingFailures(_ body: () throws -> Void) throws {
    try mapFailures { try body() }
}

/// The async form of `reportingFailures`.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        try mapFailures { throw error }
    }
}

private func mapFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CommandError {
        throw fail(error.message, code: error.code)
    } catch let error as AtomicFile.WriteError {
        throw fail(error.description, code: error.exitCode)
    } catch is CancellationError {
        throw fail("interrupted before the run finished; no output file was written", code: Interruption.exitCode ?? 130)
    } catch let error as any LayerFlowError {
        throw fail(error.description, code: exitCode(for: error.kind))
    } catch let error as EncodingError {
        // Cluster validation keeps derived figures finite (ClusterValidator.validateTotals); this
        // is the net under it, so a NaN or infinity never surfaces as an EncodingError dump.
        throw fail(describe(error), code: 65)
    } catch {
        throw fail(String(describing: error), code: 1)
    }
}

/// "cannot write the JSON report: evaluation.upperBoundTokensPerSecond is inf, not a finite number …".
private func describe(_ error: EncodingError) -> String {
    guard case let .invalidValue(value, context) = error else { return String(describing: error) }
    var path = ""
    for key in context.codingPath {
        if let index = key.intValue, key.stringValue == "Index \(index)" { path += "[\(index)]" }
        else { path += path.isEmpty ? key.stringValue : ".\(key.stringValue)" }
    }
    return "cannot write the JSON report: \(path.isEmpty ? "a value" : path) is \(value), not a finite number; "
        + "the input's figures are too large (or too small) to compute with: scale them down"
}

/// Writes `error: MESSAGE` on standard error, the message escaped (`DisplayText`): messages are one
/// line, and the ids, names and paths in them come from the user.
private func fail(_ message: String, code: Int32) -> ExitCode {
    StandardError.write("error: \(DisplayText.escaped(message))\n")
    return ExitCode(code)
}

/// The documented exit code of each kind of library failure (sysexits.h): 65 invalid data, 64 a
/// value out of range, 66 a file that cannot be read, 70 a solver failure, 73 a file that cannot
/// be written.
func exitCode(for kind: LayerFlowErrorKind) -> Int32 {
    switch kind {
    case .invalidInput: return 65
    case .invalidOption: return 64
    case .unreadableFile: return 66
    case .solverFailure: return 70
    case .unwritableFile: return 73
    }
}
