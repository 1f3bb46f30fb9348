#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file so that a file of that name is always complete: the bytes go to
/// `PATH.tmp`, are made durable, and the temporary file is renamed over `PATH`. A failure
/// removes the temporary file and leaves any earlier `PATH` as it was.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let temporary = path + ".tmp"
        do throws(StoreError) {
            let file = try POSIXFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.write(bytes)
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
    }
}
