import Foundation

/// The log's table of price chains (`LogDictionary`), each kept as its canonical encoding: the
/// layout of `ChainTemplate+Coding.swift` with every string a reference, back to back in one
/// byte array.
///
/// Why bytes and not `ChainTemplate` values: price chains rarely repeat (a chain is a seller,
/// a sku and the rules in force), so the table gains one entry for most orders, and a value
/// held two heap arrays and five strings, about 600 bytes, where the encoding is about 60. The
/// writer compares a new order's chain by its encoding (one `memcmp`) instead of field by
/// field, and the reader decodes a chain again from its bytes on the rare reference to it.
///
/// Invariants: `ends` is strictly increasing and its last element is `bytes.count`; chain `h`
/// is `bytes[ends[h − 1] ..< ends[h]]` (from 0 for the first); when `keepsHandles`, every chain
/// is in `handles` under the hash of its encoding.
struct ChainTable: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var handles = HandleIndex()
    var keepsHandles = true

    var count: Int { ends.count }

    /// Where chain `handle`'s encoding lies in `bytes`.
    func range(of handle: Int) -> Range<Int> {
        (handle == 0 ? 0 : ends[handle - 1])..<ends[handle]
    }

    /// The handle of the chain whose encoding is `encoding`, if the table has it. Only a table
    /// that keeps handles can answer.
    func find(_ encoding: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        bytes.withUnsafeBytes { table in
            handles.find(hash: hash) { handle in
                let range = range(of: handle)
                guard range.count == encoding.count else { return false }
                return memcmp(table.baseAddress! + range.lowerBound, encoding.baseAddress!, range.count) == 0
            }
        }
    }

    /// Asks for the index slot where `find` of a chain with `hash` starts to be brought into
    /// the cache.
    func prefetch(hash: UInt64) {
        handles.prefetch(hash: hash)
    }

    /// Adds a chain by its encoding (a new one: the table must not have it yet); `hash` is
    /// `StableHash.of(bytes:)` of the encoding, ignored when the table keeps no handles.
    mutating func add(_ encoding: UnsafeRawBufferPointer, hash: UInt64) {
        if keepsHandles { handles.insert(hash: hash, handle: ends.count) }
        bytes.append(contentsOf: encoding)
        ends.append(bytes.count)
    }

    /// Drops the chains numbered from `count` on (a reader's table only: it keeps no handles).
    mutating func truncate(to count: Int) {
        precondition(!keepsHandles, "only a reader's table goes back")
        guard count < ends.count else { return }
        bytes.removeSubrange((count == 0 ? 0 : ends[count - 1])...)
        ends.removeSubrange(count...)
    }

    /// `add`, hashing the encoding when the table keeps handles.
    mutating func add(_ encoding: UnsafeRawBufferPointer) {
        add(encoding, hash: keepsHandles ? StableHash.of(bytes: encoding) : 0)
    }
}
