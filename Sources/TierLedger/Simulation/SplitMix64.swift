/// The project's seeded random generator (SplitMix64, Steele, Lea and Flood 2014).
///
/// Deterministic for a seed on every platform, unlike the standard library's default
/// generator; used by the simulator, the demo and the tests' workload generators.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `range`, by rejection sampling (no modulo bias); the standard
    /// library's `Int.random(in:using:)` is not promised to be stable across versions.
    public mutating func integer(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }
        let limit = UInt64.max - UInt64.max % span
        var draw = next()
        while draw >= limit { draw = next() }
        return range.lowerBound &+ Int64(bitPattern: draw % span)
    }

    /// True with probability `numerator / denominator`.
    public mutating func chance(_ numerator: Int64, in denominator: Int64) -> Bool {
        integer(in: 0...(denominator - 1)) < numerator
    }

    /// A uniformly chosen element; the collection must not be empty.
    public mutating func pick<C: RandomAccessCollection>(_ elements: C) -> C.Element where C.Index == Int {
        precondition(!elements.isEmpty, "pick from an empty collection")
        return elements[elements.startIndex + Int(integer(in: 0...Int64(elements.count - 1)))]
    }
}
