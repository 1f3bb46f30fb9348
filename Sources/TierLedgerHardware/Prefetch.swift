import Builtin

/// Hints to the CPU that memory will soon be read or written, so that a cache miss overlaps
/// other work instead of stalling it (`prefetcht0` on x86_64; LLVM's `llvm.prefetch` on any
/// target, which drops it where there is no such instruction). A hint only: it never faults,
/// whatever the address, and changes no result.
public enum Prefetch {
    /// Brings the cache line holding `address` close, to be read.
    @inlinable @inline(__always)
    public static func read(_ address: UnsafeRawPointer) {
        // rw 0 = read, locality 3 = keep in every cache level, cache type 1 = data.
        Builtin.int_prefetch_RawPointer(address._rawValue, Int32(0)._value, Int32(3)._value, Int32(1)._value)
    }

    /// Brings the cache line holding `address` close, to be written (a reference count).
    @inlinable @inline(__always)
    public static func write(_ address: UnsafeRawPointer) {
        Builtin.int_prefetch_RawPointer(address._rawValue, Int32(1)._value, Int32(3)._value, Int32(1)._value)
    }
}
