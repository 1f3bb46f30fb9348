#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a whole file so that a file of that name is always complete: the bytes go to a
/// temporary file beside it, are made durable, the temporary file is renamed over `path`, and
/// the directory is synced so the rename survives a crash. A failure removes the temporary file
/// and leaves any earlier `path` as it was. Used for the HTML page, simulated markets and
/// projection snapshots.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        try write(to: path) { file throws(StoreError) in try file.write(bytes) }
    }

    /// Streams the file's bytes through `fill`. `temporary` defaults to `PATH.tmp`; writers
    /// that may run at the same time pass names of their own.
    static func write(to path: String, temporary: String? = nil,
                      _ fill: (POSIXFile) throws(StoreError) -> Void) throws(StoreError) {
        let temporary = temporary ?? path + ".tmp"
        do throws(StoreError) {
            let file = try POSIXFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try fill(file)
            try file.sync()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let failure = StoreError.posix("rename to \(path)", path: temporary)
            unlink(temporary)
            throw failure
        }
        let directory = (path as NSString).deletingLastPathComponent
        try POSIXFile.syncDirectory(directory.isEmpty ? "." : directory)
    }
}
