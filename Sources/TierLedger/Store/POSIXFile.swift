#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)`, named apart from `POSIXFile.read`.
private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}

/// `write(2)`, named apart from `POSIXFile.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// A thin wrapper over a POSIX file descriptor: whole writes, `fsync`, and errors that name
/// the path and the failing call. Foundation's `FileHandle` hides whether data reached the
/// disk; the ledger must know.
public final class POSIXFile {
    let path: String
    private let descriptor: Int32

    /// Opens `path` with `open(2)` flags; `mode` applies when the file is created.
    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) {
        self.path = path
        let opened = open(path, flags | O_CLOEXEC, mode)
        guard opened >= 0 else { throw StoreError.posix("open", path: path) }
        descriptor = opened
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes`, retrying short writes and interrupted calls.
    func write(_ bytes: [UInt8]) throws(StoreError) {
        try Self.writeAll(bytes, to: descriptor, name: path)
    }

    /// `write(2)` of all of `bytes` to an open descriptor (a file, stdout), retrying short
    /// writes and interrupted calls; `name` is for the error message.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws(StoreError) {
        try bytes.withUnsafeBufferPointer { buffer throws(StoreError) in
            try writeAll(buffer, to: descriptor, name: name)
        }
    }

    /// `writeAll` of bytes in place.
    public static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32,
                                name: String) throws(StoreError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, base + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix("write", path: name)
            }
            written += result
        }
    }

    /// Writes all of `bytes` at byte `offset` (`pwrite(2)`), retrying short writes and
    /// interrupted calls; the file's position does not move.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StoreError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = pwrite(descriptor, base + written, bytes.count - written, off_t(offset + written))
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix("pwrite", path: path)
            }
            written += result
        }
    }

    /// `write(_:at:)` of an array's bytes.
    func write(_ bytes: [UInt8], at offset: Int) throws(StoreError) {
        var failure: StoreError?
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) {
                try write(raw, at: offset)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Makes everything written so far durable.
    func sync() throws(StoreError) {
        guard fsync(descriptor) == 0 else { throw StoreError.posix("fsync", path: path) }
    }

    func truncate(to size: Int64) throws(StoreError) {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw StoreError.posix("ftruncate", path: path) }
    }

    /// Reads up to `count` bytes at `offset` (fewer only at the end of the file).
    func read(count: Int, at offset: Int) throws(StoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.removeLast(count - (try readFully(into: &bytes, at: offset)))
        return bytes
    }

    /// Reads from the current position into `buffer` what is there, up to its size, and
    /// returns how many bytes came: 0 only at the end of the input. Unlike `read(count:at:)` it
    /// works on pipes, and it returns as soon as some bytes have come, so a reader of a pipe
    /// deals with what arrived before it waits for more.
    func readNext(into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        try fill(buffer, whole: false) { destination, filled in
            systemRead(descriptor, destination, buffer.count - filled)
        }
    }

    /// Whether a read would return at once (input is there, or its end): `poll(2)` without
    /// waiting. Always for a regular file; for a pipe, only once its writer has written.
    func hasInputReady() -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) != 0
    }

    /// Fills `buffer` from `read(destination, bytesSoFar)`, called until it is full (or,
    /// unless `whole`, until some bytes came) or it reports the end (0), retrying interrupted
    /// calls; returns the bytes read.
    private func fill(_ buffer: UnsafeMutableRawBufferPointer, whole: Bool,
                      _ read: (UnsafeMutableRawPointer?, Int) -> Int) throws(StoreError) -> Int {
        var filled = 0
        while filled < buffer.count, whole || filled == 0 {
            let got = read(buffer.baseAddress.map { $0 + filled }, filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix("read", path: path)
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// The file's size in bytes.
    func size() throws(StoreError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StoreError.posix("fstat", path: path) }
        return Int(status.st_size)
    }

    /// Reads the whole file from the start: into a buffer of its size, then whatever it grew by.
    func readAll() throws(StoreError) -> [UInt8] {
        var bytes: [UInt8] = []
        try readAll(into: &bytes)
        return bytes
    }

    /// Reads the whole file from the start into `bytes`, which it replaces, reusing its storage
    /// when that is large enough but not more than twice the file: a scan reads segment after
    /// segment into one buffer, and a short last segment gets a buffer of its own size, so that
    /// the buffer adds nothing to the scan's peak. (A new buffer per segment is memory the
    /// kernel maps and zeroes page by page: at 2 M commands those faults, with the copy the
    /// end-of-file probe used to make of each whole segment, were a third of `verify`'s page
    /// faults.) Reads on to the end if the file grew since its size was taken.
    func readAll(into bytes: inout [UInt8]) throws(StoreError) {
        let size = try size()
        if bytes.capacity < size || bytes.capacity / 2 > size {
            bytes = [UInt8](repeating: 0, count: size)
        } else if bytes.count < size {
            bytes.append(contentsOf: repeatElement(0, count: size - bytes.count))
        }
        var filled = try readFully(into: &bytes, at: 0)
        while filled == bytes.count {
            // Full: the file may have grown since `size()`. Probe into a small buffer of its
            // own, so that the common case (it did not) copies nothing. (An array, not
            // `repeatElement`: appending that is a loop of generic calls, slow in debug builds.)
            var more = [UInt8](repeating: 0, count: 1 << 16)
            let got = try readFully(into: &more, at: filled)
            if got == 0 { break }
            bytes.append(contentsOf: more[..<got])
            filled += got
        }
        bytes.removeLast(bytes.count - filled)
    }

    /// Fills `buffer` from the file at `offset` until it is full or the file ends; returns the
    /// bytes read.
    private func readFully(into buffer: inout [UInt8], at offset: Int) throws(StoreError) -> Int {
        var failure: StoreError?
        let filled = buffer.withUnsafeMutableBytes { buffer in
            do throws(StoreError) {
                return try fill(buffer, whole: true) { destination, filled in
                    pread(descriptor, destination, buffer.count - filled, off_t(offset + filled))
                }
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return filled
    }

    /// `fsync` of a directory, so that a file created in it survives a crash.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let directory = try POSIXFile(path: path, flags: O_RDONLY | O_DIRECTORY)
        try directory.sync()
    }
}

/// A failure of the ledger's files: what went wrong, where, and what to do.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The ledger could not be created (exit 73).
        case cannotCreate
        /// No ledger at that place.
        case notFound
        /// Reading or writing failed (exit 74).
        case io
        /// The recorded data is damaged.
        case damaged
        /// Another process holds the writer's lock (exit 75).
        case locked
        /// The command line names a party the ledger does not have (exit 64: the command
        /// cannot run as written, like a usage error).
        case notInLedger
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func posix(_ call: String, path: String) -> StoreError {
        let reason = String(cString: strerror(errno))
        return StoreError(.io, "\(call) \(path): \(reason)")
    }

    /// The exit status of SPEC §10 for this failure.
    public var exitStatus: ExitStatus {
        switch kind {
        case .cannotCreate: .cannotCreate
        case .notFound, .io: .ioError
        case .damaged: .ioError
        case .locked: .locked
        case .notInLedger: .usage
        }
    }
}
