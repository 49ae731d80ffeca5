/// |a − b| / max(|a|, |b|), and 0 when both are 0.
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    let scale = max(abs(a), abs(b))
    return scale == 0 ? 0 : abs(a - b) / scale
}
