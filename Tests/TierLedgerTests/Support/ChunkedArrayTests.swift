import Testing
@testable import TierLedger

@Suite struct ChunkedArrayTests {
    /// Across several chunk boundaries, it reads, changes and compares like the `Array` of the
    /// same appends.
    @Test func behavesLikeAnArrayAcrossChunks() {
        let total = 3 * ChunkedArray<[Int]>.chunkSize + 17
        var chunked = ChunkedArray<[Int]>()
        var reference = [[Int]]()
        for number in 0..<total {
            chunked.append([number])
            reference.append([number])
        }
        #expect(chunked.count == total)
        #expect(Array(chunked) == reference)
        for position in [0, 1, ChunkedArray<[Int]>.chunkSize - 1, ChunkedArray<[Int]>.chunkSize, total - 1] {
            chunked[position].append(-1)
            reference[position].append(-1)
            chunked.modify(at: position) { $0.append(-2) }
            reference[position].append(-2)
            #expect(chunked.read(at: position) { $0 } == reference[position])
            #expect(chunked[position] == reference[position])
        }
        #expect(Array(chunked) == reference)
        #expect(chunked == ChunkedArray(reference))
        var other = ChunkedArray(reference)
        other.modify(at: total - 1) { $0 = [] }
        #expect(chunked != other)
        #expect(ChunkedArray<Int>().isEmpty)
    }
}
