// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "LayerFlow",
    products: [
        .library(name: "LayerFlow", targets: ["LayerFlow"]),
        .executable(name: "layerflow", targets: ["layerflow"]),
        // The GLPK backend of `MILPSolver`; links the system libglpk (Debian: libglpk-dev).
        .library(name: "LayerFlowGLPK", targets: ["LayerFlowGLPK"]),
        // The discrete-event serving simulator: what a plan delivers, in seconds. No GLPK.
        .library(name: "LayerFlowSimulator", targets: ["LayerFlowSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        // `make docs`: the DocC catalog (Sources/LayerFlow/LayerFlow.docc) built with no warnings.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The pure-Swift core: model, cluster, placement, flow network, max-flow,
        // evaluation, heuristics, formats. Foundation only; never links GLPK.
        // Invariant checks (`checkInvariant`) run in debug builds, and so in every test run.
        .target(name: "LayerFlow", swiftSettings: [.define("LAYERFLOW_INVARIANTS", .when(configuration: .debug))]),
        // The serving simulator (events, batching, transfers, KV, workloads, reports).
        .target(
            name: "LayerFlowSimulator",
            dependencies: ["LayerFlow", .product(name: "HeapModule", package: "swift-collections")]
        ),
        // The command-line tool's commands, as a library so tests can drive them.
        .target(
            name: "LayerFlowCLI",
            dependencies: [
                "LayerFlow",
                "LayerFlowGLPK",
                "LayerFlowSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The thin executable.
        .executableTarget(
            name: "layerflow",
            dependencies: ["LayerFlowCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // C shim around the system GLPK: error hook + setjmp/longjmp instead of abort(),
        // terminal-output hook, branch-and-bound callback trampoline.
        .target(
            name: "CGLPKShim",
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        // The GLPK backend of the core's `MILPSolver` protocol.
        .target(name: "LayerFlowGLPK", dependencies: ["LayerFlow", "CGLPKShim"]),
        // Shared test helpers: locating ../shared, small fixture clusters.
        .target(name: "LayerFlowTestSupport", dependencies: ["LayerFlow"], path: "Tests/LayerFlowTestSupport"),
        .testTarget(
            name: "LayerFlowTests",
            dependencies: [
                "LayerFlow",
                "LayerFlowTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "LayerFlowSimulatorTests",
            dependencies: [
                "LayerFlowSimulator",
                "LayerFlow",
                "LayerFlowTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "LayerFlowCLITests",
            dependencies: [
                "LayerFlowCLI", "LayerFlow", "LayerFlowSimulator", "LayerFlowTestSupport", "layerflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LayerFlowGLPKTests",
            dependencies: ["LayerFlowGLPK", "CGLPKShim", "LayerFlow", "LayerFlowSimulator", "LayerFlowTestSupport"]
        ),
    ]
)
