import ArgumentParser
import Foundation
import LayerFlow

/// Runs a command body, reporting LayerFlow's typed errors on standard error with a distinct exit
/// code: 66 for a file that cannot be read, 65 for invalid data, 1 for anything else.
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
    } catch let error as FormatError {
        if case .unreadableFile = error {
            throw fail(error.description, code: 66)
        }
        throw fail(error.description, code: 65)
    } catch let error as ClusterError {
        throw fail(error.description, code: 65)
    } catch let error as PlacementError {
        throw fail(error.description, code: 65)
    } catch let error as CatalogError {
        throw fail(error.description, code: 65)
    } catch let error as EstimationError {
        throw fail(error.description, code: 65)
    } catch let error as HelixIniError {
        throw fail(error.description, code: 65)
    } catch let error as ExportError {
        throw fail(error.description, code: 65)
    } catch let error as MILPSolverError {
        throw fail(error.description, code: 70)
    } catch let error as CocoaError where error.code == .fileWriteNoPermission || error.code == .fileNoSuchFile {
        throw fail(error.localizedDescription, code: 73)
    } catch {
        throw fail(String(describing: error), code: 1)
    }
}

private func fail(_ message: String, code: Int32) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(code)
}
