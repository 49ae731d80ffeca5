import LayerFlowCLI

LayerFlowCommand.main(JSONOutputOption.normalize(Array(CommandLine.arguments.dropFirst())))
