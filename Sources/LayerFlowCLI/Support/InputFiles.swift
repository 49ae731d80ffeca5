import LayerFlow

/// Runs `body`, which reads the file at `path`, prefixing LayerFlow's data errors with that path so
/// that a command reading several files (`evaluate CLUSTER --placement FILE`) says which one is
/// malformed: `plan.json: placement.n3[0]: expected an integer (Int), found 0.5`. An unreadable
/// file keeps its own message (it names the path) and exit code 66; the rest exit 65.
func inFile<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as FormatError {
        if case .unreadableFile = error { throw CommandError.unreadable(error.description) }
        throw CommandError.badData("\(path): \(error)")
    } catch let error as ClusterError {
        throw CommandError.badData("\(path): \(error)")
    } catch let error as PlacementError {
        throw CommandError.badData("\(path): \(error)")
    }
}
