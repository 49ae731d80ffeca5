/// Why a throughput table could not be estimated.
public enum EstimationError: LayerFlowError, Hashable {
    /// Not even one layer (with room for one sequence's KV cache) fits in the GPU's memory.
    case doesNotFit(gpu: String, model: String, parameterBytesPerLayer: Double, usableBytes: Double)
    /// An assumption is out of range.
    case invalidAssumption(field: String, value: Double, requirement: String)

    public var description: String {
        switch self {
        case let .doesNotFit(gpu, model, parameterBytesPerLayer, usableBytes):
            return "one layer of \(model) (\(parameterBytesPerLayer) bytes plus KV cache) does not fit in the \(usableBytes) usable bytes of a \(gpu)"
        case let .invalidAssumption(field, value, requirement):
            return "estimator assumption \(field) = \(value): \(requirement)"
        }
    }
}

extension EstimationError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
