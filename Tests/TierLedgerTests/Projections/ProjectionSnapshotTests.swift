import Foundation
import Testing
@testable import TierLedger

/// Projection snapshots: snapshot + tail gives exactly the state of a full replay, at random
/// cut points and across segment rotation; a snapshot that does not match the log, is damaged
/// or has an older format is ignored (and said so) and rebuilt.
@Suite struct ProjectionSnapshotTests {
    static var seeds: Range<UInt64> {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["TIERLEDGER_SEED"], let seed = UInt64(text) { return seed..<seed + 1 }
        return environment["TIERLEDGER_LONG"] == "1" ? 0..<300 : 0..<25
    }

    /// A ledger of `commands` appended in batches, with a snapshot taken after `snapshotAfter`
    /// commands. Small segments make the log rotate several times.
    static func ledger(_ commands: [Command], snapshotAfter: Int) throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        let limit = 4_096
        let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key,
                                                   segmentSizeLimit: limit)
        var start = 0
        while start < commands.count {
            let end = start < snapshotAfter ? min(snapshotAfter, start + 37) : min(commands.count, start + 37)
            let writer = try directory.openForWriting(segmentSizeLimit: limit)
            for command in commands[start..<end] { _ = writer.submit(command) }
            try writer.commit()
            if end == snapshotAfter { try directory.refreshSnapshot() }
            start = end
        }
        return directory
    }

    static func notes(_ body: ((String) -> Void) throws -> Void) rethrows -> [String] {
        var notes = [String]()
        try body { notes.append($0) }
        return notes
    }

    /// Which parts of two projection sets differ (their full dumps are too long to read).
    static func difference(_ left: LedgerProjections, _ right: LedgerProjections) -> String {
        var parts = [String]()
        if left.settings != right.settings { parts.append("settings") }
        if left.lastSequence != right.lastSequence { parts.append("last seq \(left.lastSequence) vs \(right.lastSequence)") }
        if left.lastTime != right.lastTime { parts.append("last time \(String(describing: left.lastTime)) vs \(String(describing: right.lastTime))") }
        if left.orders != right.orders { parts.append("orders") }
        if left.balances != right.balances { parts.append("balances") }
        if left.inventory != right.inventory { parts.append("inventory") }
        if left.margins != right.margins { parts.append("margins") }
        if left.market != right.market { parts.append("market") }
        if left.priceWar != right.priceWar { parts.append("price-war") }
        if left.risk != right.risk { parts.append("risk") }
        if left.activity != right.activity { parts.append("activity") }
        if left.isContinuable != right.isContinuable { parts.append("continuable") }
        return parts.joined(separator: ", ")
    }

    @Test func snapshotPlusTailEqualsAFullReplayAtRandomCutPoints() throws {
        for seed in Self.seeds {
            var random = SplitMix64(seed: seed)
            let commands = WorkloadGenerator.workload(seed: seed, count: 300)
            let cutPoint = Int(random.next() % UInt64(commands.count - 1)) + 1
            let directory = try Self.ledger(commands, snapshotAfter: cutPoint)
            let full = try directory.replayProjections(cut: .everything, validPrefix: true)
            var resumed = LedgerProjections()
            let resumeNotes = try Self.notes { note in
                resumed = try directory.replayProjections(cut: .everything, validPrefix: false, note: note)
            }
            #expect(resumeNotes.first?.contains("replaying the rest") == true, "seed \(seed): \(resumeNotes)")
            let same = resumed == full
            #expect(same, "seed \(seed), snapshot after command \(cutPoint): \(Self.difference(resumed, full))")

            var fresh = LedgerProjections()
            let freshNotes = try Self.notes { note in
                fresh = try directory.replayProjections(cut: .everything, validPrefix: false, note: note)
            }
            #expect(freshNotes.first?.contains("no replay needed") == true, "seed \(seed): \(freshNotes)")
            #expect(fresh.balances == full.balances && fresh.inventory == full.inventory, "seed \(seed)")
            #expect(fresh.margins == full.margins && fresh.market == full.market && fresh.priceWar == full.priceWar,
                    "seed \(seed)")
            #expect(fresh.risk == full.risk && fresh.activity == full.activity, "seed \(seed)")
            // A report loads only its own projection from a fresh snapshot.
            let onlyMargins = try directory.replayProjections(cut: .everything, validPrefix: false, parts: [.margins])
            #expect(onlyMargins.margins == full.margins && onlyMargins.balances == BalancesProjection(),
                    "seed \(seed)")
            #expect(fresh.lastSequence == full.lastSequence && fresh.lastTime == full.lastTime, "seed \(seed)")

            let until = random.next() % full.lastSequence + 1
            let cut = ReplayCut(untilSequence: until)
            let fromSnapshot = try directory.replayProjections(cut: cut, validPrefix: false)
            let replayed = try directory.replayProjections(cut: cut, validPrefix: true)
            // A cut at the very end is answered by the fresh snapshot's report section alone.
            let agree = fromSnapshot.isContinuable ? fromSnapshot == replayed
                : Self.difference(fromSnapshot, replayed) == "orders, continuable"
            #expect(agree, "seed \(seed), until \(until): \(Self.difference(fromSnapshot, replayed))")
        }
    }

    @Test func aSnapshotOfAnotherLedgerIsIgnoredAndRebuilt() throws {
        let commands = WorkloadGenerator.workload(seed: 3, count: 200)
        let first = try Self.ledger(commands, snapshotAfter: 100)
        let second = try Self.ledger(Array(commands.prefix(150)), snapshotAfter: 120)
        for name in try FileManager.default.contentsOfDirectory(atPath: second.snapshotsPath) {
            try FileManager.default.removeItem(atPath: second.snapshotsPath + "/" + name)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: first.snapshotsPath) {
            try FileManager.default.copyItem(atPath: first.snapshotsPath + "/" + name,
                                             toPath: second.snapshotsPath + "/" + name)
        }
        var projections = LedgerProjections()
        let notes = try Self.notes { note in
            projections = try second.replayProjections(cut: .everything, validPrefix: false, note: note)
        }
        #expect(notes.contains { $0.hasPrefix("ignoring snapshot") && $0.contains("no checkpoint") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("wrote snapshot") }, "\(notes)")
        #expect(projections == (try second.replayProjections(cut: .everything, validPrefix: true)))
    }

    @Test func damagedAndOlderSnapshotsAreIgnored() throws {
        let commands = WorkloadGenerator.workload(seed: 5, count: 120)
        let directory = try Self.ledger(commands, snapshotAfter: 60)
        let full = try directory.replayProjections(cut: .everything, validPrefix: true)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.snapshotsPath)
            .filter { $0.hasSuffix(".tlsnap") }.sorted().last)
        let path = directory.snapshotsPath + "/" + name
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        // One flipped byte in the report section, and an older projection format.
        var damaged = original
        damaged[damaged.count - 3] ^= 0x40
        var older = original
        older[8] = 0
        for (bytes, expected) in [(damaged, "damaged"), (older, "projection format 0")] {
            try bytes.write(to: URL(fileURLWithPath: path))
            for other in try FileManager.default.contentsOfDirectory(atPath: directory.snapshotsPath)
            where other != name { try FileManager.default.removeItem(atPath: directory.snapshotsPath + "/" + other) }
            var projections = LedgerProjections()
            let notes = try Self.notes { note in
                projections = try directory.replayProjections(cut: .everything, validPrefix: false, note: note)
            }
            #expect(notes.first?.contains(expected) == true, "\(notes)")
            #expect(projections == full)
        }
    }
}

/// The snapshot header of a large ledger: its sections pass 2 GiB (a 10-million-event ledger's
/// continuation section is 2.2 GB), which a 32-bit length would refuse.
@Suite struct ProjectionSnapshotHeaderTests {
    @Test func headerRoundTripsSectionsBeyondTwoGibibytes() throws {
        let bytes = ProjectionSnapshot.header(
            lastSequence: 9_988_096, lastTime: Timestamp(millisecondsSinceEpoch: 1_767_225_599_000),
            segment: "00000000000009164266.tlog", checkpointOffset: 59_673_700, checkpointEnd: 59_673_796,
            chainValue: [UInt8](repeating: 7, count: 32), reportsLength: 12_345_678, reportsCRC: 0xDEAD_BEEF,
            continuationLength: 3_000_000_000, continuationCRC: 0x0123_4567)
        let header = try ProjectionSnapshot(header: bytes + [UInt8](repeating: 0, count: 100))
        #expect(header.continuationLength == 3_000_000_000)
        #expect(header.reportsLength == 12_345_678 && header.reportsCRC == 0xDEAD_BEEF)
        #expect(header.checkpointOffset == 59_673_700 && header.checkpointEnd == 59_673_796)
        #expect(header.lastSequence == 9_988_096 && header.headerLength == bytes.count)
        var damaged = bytes
        damaged[20] ^= 1
        #expect(throws: LogDecodingError.self) { try ProjectionSnapshot(header: damaged) }
    }
}

/// The snapshot file is written as it is encoded (`ProjectionSnapshot.write`): the same bytes
/// as the sections encoded whole, whether the room left for the header was right or had to be
/// made again, and a file that reads back as the projections written.
@Suite struct ProjectionSnapshotStreamingTests {
    @Test func streamedFileEqualsTheWholeEncodingWhateverTheLengthGuess() throws {
        let commands = WorkloadGenerator.workload(seed: 3, count: 400)
        let directory = try ProjectionSnapshotTests.ledger(commands, snapshotAfter: commands.count)
        var projections = LedgerProjections()
        let scan = try directory.replay(cut: .everything, validPrefix: false) { event throws(ReplayError) in
            try projections.apply(event)
        }
        let segment = try #require(scan.checkpointSegment).split(separator: "/").last.map(String.init) ?? ""

        // The sections built whole, as the previous build wrote them.
        var reports = ByteWriter()
        projections.writeReports(to: &reports)
        var continuation = ByteWriter()
        continuation.bytes.append(contentsOf: scan.hasher.resumptionState)
        scan.codec.dictionary.writeSnapshot(to: &continuation)
        projections.orders.write(to: &continuation)
        let expected = ProjectionSnapshot.header(
            lastSequence: projections.lastSequence, lastTime: projections.lastTime, segment: segment,
            checkpointOffset: scan.checkpointOffset, checkpointEnd: scan.checkpointEnd,
            chainValue: scan.checkpointChain, reportsLength: reports.bytes.count,
            reportsCRC: CRC32C.checksum(reports.bytes), continuationLength: continuation.bytes.count,
            continuationCRC: CRC32C.checksum(continuation.bytes)) + reports.bytes + continuation.bytes
        #expect(continuation.bytes.count > 127, "a one-byte length is then a wrong guess")

        let scratch = try ToolRunner.temporaryDirectory().path
        // nil: the default guess; 0: a varint one byte short; 1 << 40: bytes too many.
        for (index, guess) in [nil, 0, 1 << 40].enumerated() {
            let path = scratch + "/snapshot-\(index)"
            let file = try POSIXFile(path: path, flags: O_RDWR | O_CREAT | O_TRUNC)
            try ProjectionSnapshot.write(projections, scan: scan, segment: segment, to: file, lengthGuess: guess)
            let written = try file.readAll()
            #expect(written == expected, "guess \(String(describing: guess))")
        }
        // And it is the file `refreshSnapshot` leaves, which a report then reads.
        try directory.refreshSnapshot()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.snapshotsPath)
            .filter { $0.hasSuffix(ProjectionSnapshot.fileSuffix) }.sorted()
        let newest = try #require(names.last)
        let onDisk = try #require(FileManager.default.contents(atPath: directory.snapshotsPath + "/" + newest))
        #expect([UInt8](onDisk) == expected)
    }

    /// Spilling in small pieces hands on exactly the bytes written, in order.
    @Test func spillingWriterHandsOnEveryByteInOrder() {
        var collected = [UInt8]()
        var spilling = SpillingWriter(threshold: 7) { collected.append(contentsOf: $0) }
        var expected = [UInt8]()
        var generator = SplitMix64(seed: 11)
        for step in 0..<500 {
            if step % 50 == 49 {
                let run = (0..<Int(generator.next() % 40)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                run.withUnsafeBytes { spilling.append($0) }
                expected += run
            } else {
                let value = generator.next() % 100_000
                spilling.writer.varint(value)
                var alone = ByteWriter()
                alone.varint(value)
                expected += alone.bytes
                spilling.spillIfFull()
            }
            #expect(spilling.writer.bytes.count < 7 + 3, "the buffer stays near the threshold")
        }
        spilling.spill()
        #expect(collected == expected)
    }
}
