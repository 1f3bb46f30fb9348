import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A ledger on disk: a directory holding the secret key (mode 0600) and the recorded events.
///
/// This first store keeps the events as NDJSON (`events.ndjson`, the `export` format), one
/// line per event, appended and fsync'd before anything is acknowledged. A final line without
/// its newline is a torn write from a crash: it was never acknowledged, so it is ignored on
/// reading and cut off before the next append.
public struct LedgerDirectory: Sendable {
    public let path: String

    static let eventsFileName = "events.ndjson"
    static let secretKeyFileName = "secret.key"
    static let secretKeyByteCount = 32

    public init(path: String) {
        self.path = path
    }

    var eventsPath: String { path + "/" + Self.eventsFileName }
    var secretKeyPath: String { path + "/" + Self.secretKeyFileName }

    /// The ledger directory named by `--ledger`, else `$TIERLEDGER_DIR`, else `./ledger`.
    public static func resolve(option: String?) -> LedgerDirectory {
        if let option { return LedgerDirectory(path: option) }
        if let environment = ProcessInfo.processInfo.environment["TIERLEDGER_DIR"], !environment.isEmpty {
            return LedgerDirectory(path: environment)
        }
        return LedgerDirectory(path: "ledger")
    }

    /// Creates a new ledger: the directory (if needed), a fresh secret key and event 1.
    @discardableResult
    public static func create(at path: String, settings: LedgerSettings) throws(StoreError) -> LedgerDirectory {
        let directory = LedgerDirectory(path: path)
        let files = FileManager.default
        if files.fileExists(atPath: directory.eventsPath) || files.fileExists(atPath: directory.secretKeyPath) {
            throw StoreError(.cannotCreate, "a ledger already exists at \(path); choose another --ledger")
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotCreate, "cannot create the directory \(path): \(error.localizedDescription)")
        }
        do throws(StoreError) {
            let key = FingerprintKey.generateSecret()
            let keyFile = try POSIXFile(path: directory.secretKeyPath, flags: O_WRONLY | O_CREAT | O_EXCL,
                                        mode: 0o600)
            try keyFile.write(key)
            try keyFile.sync()
            let ledger = Ledger(settings: settings, secretKey: key)
            let eventsFile = try POSIXFile(path: directory.eventsPath, flags: O_WRONLY | O_CREAT | O_EXCL)
            try eventsFile.write(Self.lines(ledger.recorded))
            try eventsFile.sync()
            try POSIXFile.syncDirectory(path)
        } catch {
            throw StoreError(.cannotCreate, "cannot create a ledger at \(path): \(error.message)")
        }
        return directory
    }

    public func readSecretKey() throws(StoreError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: secretKeyPath) else {
            throw StoreError(.notFound, "no ledger at \(path) (no \(Self.secretKeyFileName)); "
                + "create one with `tierledger init --ledger \(path)`")
        }
        let key = try POSIXFile(path: secretKeyPath, flags: O_RDONLY).readAll()
        guard key.count == Self.secretKeyByteCount else {
            throw StoreError(.damaged, "\(secretKeyPath) holds \(key.count) bytes, not \(Self.secretKeyByteCount)")
        }
        return key
    }

    /// Every acknowledged event, in order.
    public func readEvents() throws(StoreError) -> [Event] {
        let bytes = try POSIXFile(path: eventsPath, flags: O_RDONLY).readAll()
        var events = [Event]()
        var lineNumber = 0
        var start = 0
        while let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            let line = String(decoding: bytes[start..<end], as: UTF8.self)
            do throws(EventDecodingError) {
                events.append(try Event.decode(ndjson: line))
            } catch {
                throw StoreError(.damaged, "\(eventsPath) line \(lineNumber): \(error)")
            }
            start = end + 1
        }
        return events
    }

    /// The ledger rebuilt by replaying every event.
    public func open() throws(StoreError) -> Ledger {
        let key = try readSecretKey()
        let events = try readEvents()
        do throws(ReplayError) {
            return try Ledger(replaying: events, secretKey: key)
        } catch {
            throw StoreError(.damaged, "\(eventsPath): \(error)")
        }
    }

    /// Appends `events` and makes them durable before returning.
    public func append(_ events: [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        let file = try POSIXFile(path: eventsPath, flags: O_RDWR)
        let existing = try file.readAll()
        // Cut off a torn final line left by a crash; it was never acknowledged.
        let intact = (existing.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        if intact != existing.count { try file.truncate(to: Int64(intact)) }
        let appending = try POSIXFile(path: eventsPath, flags: O_WRONLY | O_APPEND)
        try appending.write(Self.lines(events))
        try appending.sync()
    }

    static func lines(_ events: [Event]) -> [UInt8] {
        var bytes = [UInt8]()
        for event in events {
            bytes.append(contentsOf: event.ndjson.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}

extension LedgerDirectory {
    /// Removes this directory, but only when it holds a ledger (for `demo`, which rebuilds
    /// its own); anything else there is left alone and reported.
    public func removeIfLedger() throws(StoreError) {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { return }
        let names = (try? files.contentsOfDirectory(atPath: path)) ?? []
        let ledgerFiles: Set<String> = [Self.eventsFileName, Self.secretKeyFileName]
        guard !names.isEmpty, Set(names).isSubset(of: ledgerFiles) else {
            throw StoreError(.cannotCreate, "\(path) exists and is not a ledger; choose another --ledger")
        }
        do {
            try files.removeItem(atPath: path)
        } catch {
            throw StoreError(.io, "cannot remove the old demo ledger \(path): \(error.localizedDescription)")
        }
    }
}
