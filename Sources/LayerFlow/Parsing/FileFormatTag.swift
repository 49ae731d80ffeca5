/// The `format` (or `schema`) tag of each kind of file LayerFlow reads, in one place so that a
/// reader can tell the user which kind of file it was given.
enum FileFormatTag {
    static let cluster = "layerflow-cluster/1"
    static let plan = "layerflow-plan/1"
    static let helixInstance = "helix-instance/1"
}
