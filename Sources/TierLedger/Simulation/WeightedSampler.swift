/// Picks an index with probability proportional to its integer weight: cumulative sums and a
/// binary search, so a draw costs O(log n) and weights can be appended as a market grows.
///
/// Invariant: `cumulative` is strictly increasing (every weight is ≥ 1).
struct WeightedSampler {
    private(set) var cumulative: [Int64] = []

    var total: Int64 { cumulative.last ?? 0 }
    var count: Int { cumulative.count }

    mutating func append(weight: Int64) {
        precondition(weight >= 1, "weights are positive")
        cumulative.append(total + weight)
    }

    /// The index whose share of `0..<total` holds `draw`.
    func index(for draw: Int64) -> Int {
        precondition(draw >= 0 && draw < total, "draw outside the sampler's total")
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > draw { high = middle } else { low = middle + 1 }
        }
        return low
    }

    func pick(using random: inout SplitMix64) -> Int {
        index(for: Int64(random.uniform(below: UInt64(total))))
    }
}
