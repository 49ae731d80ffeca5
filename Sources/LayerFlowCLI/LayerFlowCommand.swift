import ArgumentParser

/// `layerflow`: plan how to serve one large language model on a cluster of mixed GPUs.
public struct LayerFlowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "layerflow",
        abstract: "Plan which layers each GPU holds and how requests flow, by max-flow.",
        discussion: """
            CLUSTER is a native cluster file ("format": "layerflow-cluster/1") or a Helix instance \
            ("schema": "helix-instance/1"). Exit codes: 0 success, 64 bad usage, 65 invalid input \
            data, 66 unreadable input file, 70 solver failure, 73 output file cannot be created, 74 output \
            cannot be written (a full disk, standard output), 130/143 interrupted by SIGINT/SIGTERM (a \
            search first reports its best result so far), 1 anything else.
            """,
        subcommands: [EvaluateCommand.self, PlanCommand.self, CompareCommand.self, ConvertCommand.self, ModelCommand.self, CatalogCommand.self, ImportHelixCommand.self, ExportCommand.self, RenderCommand.self, ScheduleCommand.self, SimulateCommand.self, PressureCommand.self, ReplanCommand.self]
    )

    public init() {}
}

/// A command whose work is asynchronous. The executable dispatches through this protocol because a
/// call to `run()` on an `AsyncParsableCommand` existential can resolve to the synchronous
/// requirement (which only prints help).
public protocol AsyncRunnable {
    func runAsync() async throws
}
