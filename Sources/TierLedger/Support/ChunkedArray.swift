/// An append-only array kept in chunks of `chunkSize` elements: the ledger's tables of orders
/// and ids, which grow with the log.
///
/// Why not `Array`: an array that outgrows its capacity copies itself whole into one twice as
/// large, so at that moment it holds both copies. For a table of millions of orders that moment
/// was most of a replay's peak memory (at 2 M commands, 932 MB of `verify`'s 1.33 GB was the
/// order table mid-copy), and the copy itself a visible share of its time. Here a full chunk is
/// never moved again; only the last one grows, and copies at most one chunk.
///
/// Invariants: every chunk but the last holds exactly `chunkSize` elements, the last holds
/// 1 … `chunkSize`, and there is no empty chunk; `count` is the sum.
struct ChunkedArray<Element>: RandomAccessCollection {
    private static var chunkShift: Int { 14 }
    /// 16,384 elements: small enough that the last chunk's growth copies little, large enough
    /// that the outer array stays short (610 chunks for 10 M orders).
    static var chunkSize: Int { 1 << chunkShift }
    private static var chunkMask: Int { chunkSize - 1 }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    init<Elements: Sequence>(_ elements: Elements) where Elements.Element == Element {
        for element in elements { append(element) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Element {
        _read { yield chunks[position >> Self.chunkShift][position & Self.chunkMask] }
        _modify { yield &chunks[position >> Self.chunkShift][position & Self.chunkMask] }
    }

    mutating func append(_ element: consuming Element) {
        if count & Self.chunkMask == 0 { startChunk() }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    /// Opens the next chunk. The first grows as elements come, so a small table stays small;
    /// every later one is allocated whole at once, since a table that filled a chunk is a big
    /// one. Letting those grow too would copy each of them about once more as it doubles, into
    /// freshly mapped memory that the kernel zeroes first (at 2 M commands, the kernel clearing
    /// pages was 10% of `verify`'s samples and 8% of `append`'s; 6% and 1% since, `perf record`).
    private mutating func startChunk() {
        var chunk: [Element] = []
        if !chunks.isEmpty { chunk.reserveCapacity(Self.chunkSize) }
        chunks.append(chunk)
    }

    /// `body` applied to the element at `position`, which it borrows (a copy would retain the
    /// arrays and strings inside it).
    @inline(__always)
    func read<Result>(at position: Int, _ body: (Element) -> Result) -> Result {
        precondition(position >= 0 && position < count, "index \(position) is outside 0..<\(count)")
        return chunks[position >> Self.chunkShift].withUnsafeBufferPointer { body($0[position & Self.chunkMask]) }
    }

    /// `body` applied to the element at `position`, changed in place. Through buffer pointers,
    /// not `self[position]`: a `_modify` accessor that the compiler does not inline allocates its
    /// coroutine frame on the heap (a malloc and a free per access), a closure does not.
    @inline(__always)
    mutating func modify<Result>(at position: Int, _ body: (inout Element) -> Result) -> Result {
        precondition(position >= 0 && position < count, "index \(position) is outside 0..<\(count)")
        return chunks.withUnsafeMutableBufferPointer { chunks in
            chunks[position >> Self.chunkShift].withUnsafeMutableBufferPointer { body(&$0[position & Self.chunkMask]) }
        }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: Equatable where Element: Equatable {
    static func == (left: ChunkedArray, right: ChunkedArray) -> Bool {
        left.count == right.count && left.chunks == right.chunks
    }
}
