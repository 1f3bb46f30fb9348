/// Where text is written byte by byte: `[UInt8]`, or a `TextBuffer` where every append counts.
public protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {}

extension ByteSink where Self: ~Copyable {
    /// The bytes of a literal.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// A growable byte buffer in memory of its own, for text written by the million (`export`'s
/// lines): an append is a capacity check and a store, where an array's append also checks
/// that its storage is not shared and goes through the generic `append(contentsOf:)`.
/// Noncopyable, so its memory has one owner, which frees it.
public struct TextBuffer: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    /// The bytes written so far.
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int = 4_096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    public mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Forgets the bytes written and keeps the memory.
    public mutating func removeAll() {
        count = 0
    }

    /// `body` over the bytes written so far.
    public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// At least doubles the capacity, so that appending n bytes copies O(n) bytes in all.
    private mutating func grow(toHold needed: Int) {
        let (doubled, overflow) = capacity.multipliedReportingOverflow(by: 2)
        let newCapacity = overflow ? needed : max(needed, doubled)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
