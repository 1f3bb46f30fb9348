/// Picks an index with probability proportional to fixed integer weights in O(1): Vose's
/// alias method, in integer arithmetic (each column's share is out of 2³²), so a draw is one
/// bounded draw and one comparison instead of a binary search. Used for sku popularity,
/// whose weights never change.
///
/// Invariant: column `i` keeps index `i` with probability `keep[i] / 2³²`, else gives
/// `alias[i]`; the columns together reproduce the weights (up to rounding of 2⁻³² a column).
struct AliasTable {
    private var keep: [UInt64] = []
    private var alias: [Int32] = []

    init(weights: [Int64]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 1 }, "positive weights")
        let count = weights.count
        let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
        let full = UInt64(1) << 32
        // Each weight scaled so that the average column is exactly `full`.
        var scaled = weights.map { UInt64(Int128($0) * Int128(count) * Int128(full) / total) }
        keep = [UInt64](repeating: full, count: count)
        alias = (0..<count).map { Int32($0) }
        var small = [Int]()
        var large = [Int]()
        for index in 0..<count {
            if scaled[index] < full { small.append(index) } else { large.append(index) }
        }
        while let low = small.popLast(), let high = large.last {
            keep[low] = scaled[low]
            alias[low] = Int32(high)
            scaled[high] -= full - scaled[low]
            if scaled[high] < full {
                large.removeLast()
                small.append(high)
            }
        }
        // Whatever is left (rounding) keeps its own index.
    }

    var count: Int { keep.count }

    @inline(__always)
    func pick(using random: inout SplitMix64) -> Int {
        let column = Int(random.uniform(below: UInt64(keep.count)))
        return random.next() >> 32 < keep[column] ? column : Int(alias[column])
    }
}
