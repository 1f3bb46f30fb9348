import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one-writer rule: an exclusive `flock` on `DIR/LOCK`, held for as long as this value
/// lives. The file holds the holder's pid so that a refused writer can say who has it. The
/// lock is released by the kernel when the process exits, even by SIGKILL, so a crash never
/// leaves a ledger locked.
final class LedgerLock {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(StoreError) {
        self.path = path
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw StoreError.posix("open", path: path) }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readPid(opened)
            close(opened)
            throw StoreError(.locked, "the ledger is locked by another writer (pid \(holder)); "
                + "wait for it to finish or stop it")
        }
        descriptor = opened
        var text = Array("\(getpid())\n".utf8)
        _ = ftruncate(opened, 0)
        _ = text.withUnsafeMutableBytes { pwrite(opened, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        release()
    }

    /// Releases the lock now (once; later calls do nothing). A writer that is done calls it
    /// before its state is disposed of, which may keep the state, but not the lock, until exit.
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    private static func readPid(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "unknown" }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "unknown"
            : text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
