import Foundation

/// `import`: builds a new ledger from an NDJSON export. Every line is decoded and every event
/// checked against the state it applies to before anything is written; a bad line names its
/// line number and writes nothing (the new directory is removed).
public enum LedgerImport {
    public enum Failure: Error, Equatable, Sendable {
        case malformed(String)
        case store(StoreError)
        /// The file to import cannot be read (the message says why).
        case unreadable(String)
    }

    /// Imports the NDJSON file at `file` into a new ledger at `path`; returns the number of
    /// events. The file is read straight into one buffer, freed once every line is checked.
    public static func run(file: String, into path: String, secretKey: [UInt8]?) throws(Failure) -> Int {
        let data: [UInt8]
        do throws(StoreError) {
            data = try POSIXFile(path: file, flags: O_RDONLY).readAll()
        } catch {
            throw .unreadable(error.message)
        }
        return try write(decode(data, secretKey: secretKey), into: path, secretKey: secretKey)
    }

    /// Imports `data` into a new ledger at `path`; returns the number of events.
    public static func run(_ data: [UInt8], into path: String, secretKey: [UInt8]?) throws(Failure) -> Int {
        try write(decode(data, secretKey: secretKey), into: path, secretKey: secretKey)
    }

    /// Writes `events`, which `decode` checked, into a new ledger at `path`.
    private static func write(_ events: [Event], into path: String, secretKey: [UInt8]?) throws(Failure) -> Int {
        guard case .ledgerCreated(let settings, _) = events[0].body else {
            throw .malformed("line 1: the export must start with ledger.created")
        }
        do throws(StoreError) {
            let directory = try LedgerDirectory.create(at: path, settings: settings, secretKey: secretKey)
            let writer = try directory.openForWriting()
            try writer.appendRecorded(Array(events.dropFirst()), alreadyChecked: true)
            writer.close()
            StateDisposal.dispose(events)
        } catch {
            throw .store(error)
        }
        return events.count
    }

    /// Decodes and validates every line by replaying it, and checks that the log would read
    /// it back as given (`RecordedEventCheck`).
    static func decode(_ data: [UInt8], secretKey: [UInt8]?) throws(Failure) -> [Event] {
        var events = [Event]()
        var ledger: Ledger?
        var check = RecordedEventCheck()
        var lineNumber = 0
        var start = 0
        while start < data.count {
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.count
            lineNumber += 1
            // Decoding would replace a bad byte with U+FFFD, and a message would then name the
            // replacement's first byte, not the file's.
            guard let line = String(validating: data[start..<end], as: UTF8.self) else {
                let bad = Self.firstInvalidUTF8(data[start..<end]) - start
                throw .malformed("line \(lineNumber): not UTF-8 at byte offset \(bad) of the line")
            }
            start = end + 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let event: Event
            do {
                event = try Event.decode(ndjson: line)
            } catch {
                throw .malformed("line \(lineNumber): \(error)")
            }
            // A new ledger takes the settings `init` takes (replay does not check them).
            if ledger == nil, case .ledgerCreated(let settings, _) = event.body, let problem = settings.problem {
                throw .malformed("line \(lineNumber): ledger.created: \(problem)")
            }
            do throws(ReplayError) {
                if ledger == nil {
                    ledger = try Ledger(replaying: [event], secretKey: secretKey ?? [])
                } else {
                    try ledger?.applyImported(event)
                }
            } catch {
                throw .malformed("line \(lineNumber): \(error)")
            }
            // After the replay, which refuses what the encoder may not be handed (a deadline
            // other than the reservation's time plus its ttl).
            if let problem = check.problem(with: event) { throw .malformed("line \(lineNumber): \(problem)") }
            events.append(event)
        }
        guard !events.isEmpty else { throw .malformed("the file holds no events") }
        return events
    }

    /// The index of the first byte of `bytes` where UTF-8 breaks (the slice's end if none):
    /// each scalar is checked on its own, by its lead byte's length.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let width = lead < 0x80 ? 1
                : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            guard width > 0, index + width <= bytes.endIndex,
                  String(validating: bytes[index..<index + width], as: UTF8.self) != nil else { return index }
            index += width
        }
        return index
    }
}
