/// LayerFlow's limits on the size of its inputs, each checked where the input is read, before
/// anything is allocated for it, with a typed error naming the field (or option) and the limit.
/// See `docs/Reliability.md`, "Planner limits and budgets".
///
/// They are far above real deployments (the largest published models have under 200 layers) and
/// keep every command below 2 GB of memory at the limits.
package enum InputLimits {
    /// Most layers a model may have (`model.layerCount`, a config's `num_hidden_layers`).
    package static let maxLayers = 1_024
    /// Most compute nodes a cluster may have (`nodes`, `--gpus`, `--regions`).
    package static let maxNodes = 20_000
    /// Most links a cluster may have (`links`; a quick cluster's complete mesh of n GPUs has
    /// n·(n + 1) links, so `--gpus` allows at most 2,235 GPUs).
    package static let maxLinks = 5_000_000
    /// Most requests `layerflow schedule` routes (`--requests`): about 1 µs each, in memory that
    /// does not grow with them unless a table is written.
    package static let maxRequests = 100_000_000
    /// Most requests `layerflow schedule --table` writes (the table holds one entry per request).
    package static let maxTableRequests = 1_000_000
    /// Deepest nesting of parentheses and unary signs in a Helix `.ini` value.
    package static let maxExpressionDepth = 200
}
