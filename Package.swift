// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "LayerFlow",
    products: [
        .library(name: "LayerFlow", targets: ["LayerFlow"]),
        .executable(name: "layerflow", targets: ["layerflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The pure-Swift core: model, cluster, placement, flow network, max-flow,
        // evaluation, heuristics, formats. Foundation only; never links GLPK.
        .target(name: "LayerFlow"),
        // The command-line tool's commands, as a library so tests can drive them.
        .target(
            name: "LayerFlowCLI",
            dependencies: [
                "LayerFlow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The thin executable.
        .executableTarget(name: "layerflow", dependencies: ["LayerFlowCLI"]),
        .testTarget(
            name: "LayerFlowTests",
            dependencies: [
                "LayerFlow",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "LayerFlowCLITests",
            dependencies: ["LayerFlowCLI", "LayerFlow", "layerflow"]
        ),
    ]
)
