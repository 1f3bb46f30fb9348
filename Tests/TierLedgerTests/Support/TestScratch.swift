import Foundation

/// Where tests put their ledgers and files: one directory per test process,
/// `$TMPDIR/tierledger-tests-<pid>`, removed when the process exits normally. Roots left by a
/// test process that died (a crash, a kill) are removed by the next run, once their process is
/// gone, so repeated `swift test` runs do not fill the temporary directory.
enum TestScratch {
    private static let prefix = "tierledger-tests-"

    /// This process's root, created on first use.
    static let root: String = {
        let parent = NSTemporaryDirectory()
        removeAbandonedRoots(in: parent)
        let path = (parent as NSString).appendingPathComponent(prefix + String(getpid()))
        try? FileManager.default.removeItem(atPath: path)  // a root of an earlier process with our pid
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the tests' scratch directory \(path): \(error)")
        }
        atexit { TestScratch.removeRoot() }
        return path
    }()

    private static func removeRoot() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Removes the roots of test processes that no longer run.
    private static func removeAbandonedRoots(in parent: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
            }
        }
    }
}
