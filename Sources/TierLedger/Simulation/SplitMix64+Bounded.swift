/// Bounded draws for the simulator's hot paths: Lemire's multiply-shift method (2019), which
/// maps `next()` to `0..<bound` without bias and, unlike `integer(in:)`, without a division
/// except on the rare draws it rejects. Still only `SplitMix64`, so just as deterministic.
extension SplitMix64 {
    /// A uniform integer in `0 ..< bound` (`bound` ≥ 1).
    @inline(__always)
    mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "a bound of at least 1")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform integer in `range`.
    @inline(__always)
    mutating func draw(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: uniform(below: span))
    }

    /// True with probability `numerator / denominator`.
    @inline(__always)
    mutating func odds(_ numerator: Int64, in denominator: Int64) -> Bool {
        uniform(below: UInt64(denominator)) < UInt64(numerator)
    }

    /// A uniformly chosen element; the collection must not be empty.
    @inline(__always)
    mutating func element<C: RandomAccessCollection>(of elements: C) -> C.Element where C.Index == Int {
        precondition(!elements.isEmpty, "an element of an empty collection")
        return elements[elements.startIndex + Int(uniform(below: UInt64(elements.count)))]
    }
}
