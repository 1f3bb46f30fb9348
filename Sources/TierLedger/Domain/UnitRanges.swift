/// The available unit positions of one batch, as sorted, disjoint, non-adjacent half-open
/// ranges. Taking is first-in first-out (lowest positions first); units that come back are
/// put back in their original places; voiding takes the newest (highest) positions.
///
/// Invariant: `ranges` is sorted, every range is non-empty, and consecutive ranges are
/// separated by at least one missing position; `count` is the sum of their lengths.
struct UnitRanges: Equatable, Sendable {
    private(set) var ranges: [Range<Int64>]
    private(set) var count: Int64

    /// All positions `0 ..< total` available.
    init(total: Int64) {
        ranges = total > 0 ? [0..<total] : []
        count = max(total, 0)
    }

    /// Takes up to `wanted` lowest positions; returns them as ranges in order.
    mutating func takeLowest(_ wanted: Int64) -> [Range<Int64>] {
        var taken = [Range<Int64>]()
        var remaining = wanted
        var consumed = 0
        while remaining > 0, consumed < ranges.count {
            let range = ranges[consumed]
            let length = range.upperBound - range.lowerBound
            if length <= remaining {
                taken.append(range)
                remaining -= length
                consumed += 1
            } else {
                taken.append(range.lowerBound..<(range.lowerBound + remaining))
                ranges[consumed] = (range.lowerBound + remaining)..<range.upperBound
                remaining = 0
            }
        }
        ranges.removeFirst(consumed)
        count -= wanted - remaining
        return taken
    }

    /// Takes exactly `wanted` highest positions (the caller checked `count`); returns them in
    /// ascending order.
    mutating func takeHighest(_ wanted: Int64) -> [Range<Int64>] {
        precondition(wanted <= count, "voiding more units than are available")
        var taken = [Range<Int64>]()
        var remaining = wanted
        while remaining > 0, let range = ranges.last {
            let length = range.upperBound - range.lowerBound
            if length <= remaining {
                taken.append(range)
                remaining -= length
                ranges.removeLast()
            } else {
                taken.append((range.upperBound - remaining)..<range.upperBound)
                ranges[ranges.count - 1] = range.lowerBound..<(range.upperBound - remaining)
                remaining = 0
            }
        }
        count -= wanted
        return taken.reversed()
    }

    /// Removes exactly the positions of `taken`, which must all be available; `false` (and no
    /// change) when they are not, so that a log that disagrees with stock is caught.
    mutating func remove(exactly taken: Range<Int64>) -> Bool {
        guard !taken.isEmpty else { return true }
        guard let low = index(containing: taken) else { return false }
        // In place: taking from the front of a range (the usual first-in first-out case) only
        // moves its lower bound; no temporary array.
        let range = ranges[low]
        let keepsBelow = range.lowerBound < taken.lowerBound
        let keepsAbove = taken.upperBound < range.upperBound
        switch (keepsBelow, keepsAbove) {
        case (false, false): ranges.remove(at: low)
        case (false, true): ranges[low] = taken.upperBound..<range.upperBound
        case (true, false): ranges[low] = range.lowerBound..<taken.lowerBound
        case (true, true):
            ranges[low] = range.lowerBound..<taken.lowerBound
            ranges.insert(taken.upperBound..<range.upperBound, at: low + 1)
        }
        count -= taken.upperBound - taken.lowerBound
        return true
    }

    /// Whether every position of `wanted` (not empty) is available.
    func contains(_ wanted: Range<Int64>) -> Bool {
        index(containing: wanted) != nil
    }

    /// The index of the one range that holds all of `wanted` (not empty), if any.
    private func index(containing wanted: Range<Int64>) -> Int? {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= wanted.lowerBound { low = middle + 1 } else { high = middle }
        }
        guard low < ranges.count, ranges[low].lowerBound <= wanted.lowerBound,
              wanted.upperBound <= ranges[low].upperBound else { return nil }
        return low
    }

    /// Puts `returned` back; none of its positions may be available now.
    mutating func putBack(_ returned: Range<Int64>) {
        guard !returned.isEmpty else { return }
        // First range whose lower bound is above the returned positions.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound < returned.lowerBound { low = middle + 1 } else { high = middle }
        }
        let index = low
        if index > 0 {
            precondition(ranges[index - 1].upperBound <= returned.lowerBound, "unit returned twice")
        }
        if index < ranges.count {
            precondition(returned.upperBound <= ranges[index].lowerBound, "unit returned twice")
        }
        let joinsPrevious = index > 0 && ranges[index - 1].upperBound == returned.lowerBound
        let joinsNext = index < ranges.count && ranges[index].lowerBound == returned.upperBound
        switch (joinsPrevious, joinsNext) {
        case (true, true):
            ranges[index - 1] = ranges[index - 1].lowerBound..<ranges[index].upperBound
            ranges.remove(at: index)
        case (true, false):
            ranges[index - 1] = ranges[index - 1].lowerBound..<returned.upperBound
        case (false, true):
            ranges[index] = returned.lowerBound..<ranges[index].upperBound
        case (false, false):
            ranges.insert(returned, at: index)
        }
        count += returned.upperBound - returned.lowerBound
    }

    /// O(n) check of the invariant, for `assert`.
    func checkInvariants() -> Bool {
        var total: Int64 = 0
        for (index, range) in ranges.enumerated() {
            if range.isEmpty { return false }
            if index > 0, ranges[index - 1].upperBound >= range.lowerBound { return false }
            total += range.upperBound - range.lowerBound
        }
        return total == count
    }
}
