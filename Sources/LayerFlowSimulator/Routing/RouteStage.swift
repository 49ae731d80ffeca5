/// One hop of a query's route: the link it crosses, the bandwidth its transfers get on it, and
/// (for the IWRR bookkeeping) which of the sender's out-links that is.
struct RouteStage {
    /// Index into `SimulatedCluster.links`.
    var link: Int
    /// The receiving node's position, or `SimulatedCluster.coordinator` for the last hop.
    var receiver: Int
    /// Bytes per second this query's transfers use on the link (Helix floors it).
    var bandwidth: Double
    /// Position of `link` among the sender's out-links.
    var slot: Int
}
