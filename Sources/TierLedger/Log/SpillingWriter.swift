/// A `ByteWriter` that hands its bytes to `drain` and starts again empty whenever it holds
/// `threshold` bytes or more, at the points its user calls `spillIfFull()`. A snapshot's
/// continuation section (2.2 GB at 10 M commands) goes to its file this way, a few megabytes at
/// a time, instead of being held whole beside the state it encodes.
///
/// With `threshold` `Int.max` nothing is handed on before `spill()`: the bytes collect in
/// `writer`, which is how the whole-buffer forms of the same encoders reuse them.
struct SpillingWriter {
    var writer: ByteWriter
    let threshold: Int
    private let drain: (UnsafeRawBufferPointer) -> Void

    init(threshold: Int, drain: @escaping (UnsafeRawBufferPointer) -> Void) {
        writer = ByteWriter(capacity: threshold == .max ? 1 << 16 : threshold + threshold / 4)
        self.threshold = threshold
        self.drain = drain
    }

    /// Runs a spilling encoder into `writer` whole: the whole-buffer form of the same encoder.
    static func collect(into writer: inout ByteWriter, _ encode: (inout SpillingWriter) -> Void) {
        var whole = SpillingWriter(threshold: .max) { _ in }
        swap(&whole.writer, &writer)
        encode(&whole)
        swap(&whole.writer, &writer)
    }

    /// Hands the bytes on if there are `threshold` or more.
    mutating func spillIfFull() {
        if writer.bytes.count >= threshold { spill() }
    }

    /// Hands every byte held on, and empties the buffer (keeping its capacity).
    mutating func spill() {
        guard !writer.bytes.isEmpty else { return }
        writer.bytes.withUnsafeBytes(drain)
        writer.bytes.removeAll(keepingCapacity: true)
    }

    /// Appends `bytes`, handing a run at least `threshold` long on directly rather than
    /// copying it into the buffer first.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count >= threshold - writer.bytes.count {
            spill()
            drain(bytes)
        } else {
            writer.bytes.append(contentsOf: bytes)
        }
    }
}
