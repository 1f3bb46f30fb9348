import Foundation

/// A projection snapshot in `DIR/snapshots/` (issue 5): the projections after the events up to
/// one checkpoint, so that a report loads them and replays only the tail of the log.
///
/// A snapshot names the checkpoint it covers (segment, byte offset, sequence number and the
/// hash-chain value the checkpoint carries). It is used only when that checkpoint is still in
/// the log, intact, with that chain value; otherwise, or when its projection format is older
/// than this program's, it is ignored and rebuilt. File layout:
///
///     8   magic "TLSNAPSH"
///     4   projection format version, u32 little-endian
///     …   varint last_seq · opt signed last_at_ms · string segment · varint checkpoint_offset ·
///         varint checkpoint_end · 32 bytes chain value ·
///         varint reports_length · u32 reports_crc · varint continuation_length · u32 continuation_crc
///     4   CRC-32C of every byte before it
///     …   reports section (`LedgerProjections.writeReports`)
///     …   continuation section: 104-byte SHA-256 state · decoder tables · order catalog
///
/// Only the header and the reports section are read when the snapshot covers the whole log.
struct ProjectionSnapshot {
    static let magic: [UInt8] = Array("TLSNAPSH".utf8)
    /// Bumped whenever any projection's state or snapshot form changes.
    static let formatVersion: UInt32 = 3
    static let fileSuffix = ".tlsnap"
    /// The header is far smaller; reading this much at once gets all of it.
    static let headerReadBytes = 4_096

    var lastSequence: UInt64
    var lastTime: Timestamp?
    var segment: String
    var checkpointOffset: Int
    var checkpointEnd: Int
    var chainValue: [UInt8]
    var reportsLength: Int
    var reportsCRC: UInt32
    var continuationLength: Int
    var continuationCRC: UInt32
    var headerLength: Int

    /// `projections-<last seq, 20 digits>.tlsnap`, so that names sort by age.
    static func fileName(lastSequence: UInt64) -> String {
        let digits = String(lastSequence)
        return "projections-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + fileSuffix
    }

    /// Writes the snapshot of `projections` at the end of `scan` into `file`, new and empty.
    ///
    /// The continuation section goes to the file as it is encoded, a few megabytes at a time,
    /// instead of being built whole first: at 10 M commands it was 2.2 GB (1.0 GB since the
    /// catalog's compact form), and holding it beside the state it encodes made
    /// `tierledger snapshot` peak at 7.5 GB. The header, which comes
    /// first, holds that section's length and CRC, so it is written last, into the room left
    /// for it. The room depends on how many bytes the length's varint takes, which
    /// `lengthGuess` decides (by default 170 bytes an order; the 2 M file holds 164). When the
    /// real length takes another number of bytes, both sections are written again after a
    /// header of the right size; the encoding is deterministic, so that happens at most once.
    static func write(_ projections: LedgerProjections, scan: LogScanner.Result, segment: String,
                      to file: POSIXFile, lengthGuess: Int? = nil) throws(StoreError) {
        var reports = ByteWriter(capacity: 1 << 16)
        projections.writeReports(to: &reports)
        let reportsCRC = reports.bytes.withUnsafeBytes { CRC32C.checksum($0) }
        func header(continuationLength: Int, continuationCRC: UInt32) -> [UInt8] {
            Self.header(lastSequence: projections.lastSequence, lastTime: projections.lastTime, segment: segment,
                        checkpointOffset: scan.checkpointOffset, checkpointEnd: scan.checkpointEnd,
                        chainValue: scan.checkpointChain, reportsLength: reports.bytes.count, reportsCRC: reportsCRC,
                        continuationLength: continuationLength, continuationCRC: continuationCRC)
        }
        let guess = lengthGuess ?? (1 << 20 + projections.orders.count * 170)
        var room = header(continuationLength: guess, continuationCRC: 0).count
        for _ in 0..<2 {
            try file.truncate(to: 0)
            try file.write(reports.bytes, at: room)
            let (length, crc) = try writeContinuation(projections, scan: scan, to: file,
                                                      at: room + reports.bytes.count)
            let final = header(continuationLength: length, continuationCRC: crc)
            if final.count == room {
                try file.write(final, at: 0)
                return
            }
            room = final.count
        }
        throw StoreError(.io, "the snapshot of \(file.path) came out a different length twice")
    }

    /// Streams the continuation section (SHA-256 state, decoder tables, order catalog) into
    /// `file` from byte `offset`; its length and CRC-32C.
    private static func writeContinuation(_ projections: LedgerProjections, scan: LogScanner.Result,
                                          to file: POSIXFile, at offset: Int) throws(StoreError) -> (Int, UInt32) {
        var length = 0
        var crc: UInt32 = 0
        var failure: StoreError?
        var spilling = SpillingWriter(threshold: 4 << 20) { bytes in
            guard failure == nil else { return }
            do throws(StoreError) {
                try file.write(bytes, at: offset + length)
            } catch {
                failure = error
                return
            }
            crc = CRC32C.checksum(bytes, continuing: crc)
            length += bytes.count
        }
        spilling.writer.bytes.append(contentsOf: scan.hasher.resumptionState)
        scan.codec.dictionary.writeSnapshot(to: &spilling)
        projections.writeContinuation(to: &spilling)
        spilling.spill()
        if let failure { throw failure }
        return (length, crc)
    }

    /// The header's bytes (layout above), its own CRC-32C last.
    static func header(lastSequence: UInt64, lastTime: Timestamp?, segment: String, checkpointOffset: Int,
                       checkpointEnd: Int, chainValue: [UInt8], reportsLength: Int, reportsCRC: UInt32,
                       continuationLength: Int, continuationCRC: UInt32) -> [UInt8] {
        var header = ByteWriter(capacity: 256)
        header.bytes.append(contentsOf: magic)
        header.fixed32(formatVersion)
        header.varint(lastSequence)
        lastTime.write(to: &header)
        header.string(segment)
        header.varint(checkpointOffset)
        header.varint(checkpointEnd)
        header.bytes.append(contentsOf: chainValue)
        header.varint(reportsLength)
        header.fixed32(reportsCRC)
        header.varint(continuationLength)
        header.fixed32(continuationCRC)
        header.fixed32(header.bytes.withUnsafeBytes { CRC32C.checksum($0) })
        return header.bytes
    }

    /// Parses a header from the start of a snapshot file.
    init(header bytes: [UInt8]) throws(LogDecodingError) {
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else {
            throw LogDecodingError("not a projection snapshot")
        }
        var parsed: ProjectionSnapshot?
        try bytes.withUnsafeBufferPointer { buffer throws(LogDecodingError) in
            var reader = ByteReader(buffer, offset: 8)
            let version = try reader.fixed32()
            guard version == Self.formatVersion else {
                throw LogDecodingError("projection format \(version), this program writes \(Self.formatVersion)")
            }
            let lastSequence = try reader.varint()
            let lastTime = try Timestamp?(from: &reader)
            let segment = try reader.string()
            // Sizes and offsets as 64-bit counts: a snapshot of a large ledger passes 2 GiB.
            let checkpointOffset = try Self.size(&reader)
            let checkpointEnd = try Self.size(&reader)
            let chainValue = Array(try reader.raw(32))
            let reportsLength = try Self.size(&reader)
            let reportsCRC = try reader.fixed32()
            let continuationLength = try Self.size(&reader)
            let continuationCRC = try reader.fixed32()
            let checked = reader.offset
            let headerCRC = try reader.fixed32()
            guard headerCRC == CRC32C.checksum(Array(buffer[0..<checked])) else {
                throw LogDecodingError("the snapshot header's checksum does not match")
            }
            parsed = ProjectionSnapshot(
                lastSequence: lastSequence, lastTime: lastTime, segment: segment,
                checkpointOffset: checkpointOffset, checkpointEnd: checkpointEnd, chainValue: chainValue,
                reportsLength: reportsLength, reportsCRC: reportsCRC, continuationLength: continuationLength,
                continuationCRC: continuationCRC, headerLength: reader.offset)
        }
        guard let parsed else { throw LogDecodingError("unreadable snapshot header") }
        self = parsed
    }

    private static func size(_ reader: inout ByteReader) throws(LogDecodingError) -> Int {
        guard let size = Int(exactly: try reader.count()) else { throw LogDecodingError("size out of range") }
        return size
    }

    private init(lastSequence: UInt64, lastTime: Timestamp?, segment: String, checkpointOffset: Int,
                 checkpointEnd: Int, chainValue: [UInt8], reportsLength: Int, reportsCRC: UInt32,
                 continuationLength: Int, continuationCRC: UInt32, headerLength: Int) {
        self.lastSequence = lastSequence
        self.lastTime = lastTime
        self.segment = segment
        self.checkpointOffset = checkpointOffset
        self.checkpointEnd = checkpointEnd
        self.chainValue = chainValue
        self.reportsLength = reportsLength
        self.reportsCRC = reportsCRC
        self.continuationLength = continuationLength
        self.continuationCRC = continuationCRC
        self.headerLength = headerLength
    }

    /// Whether every event of the snapshot is inside `cut` (then the snapshot can start the replay).
    func fits(_ cut: ReplayCut) -> Bool {
        if let until = cut.untilSequence, until < lastSequence { return false }
        if let asOf = cut.asOf, let lastTime, lastTime > asOf { return false }
        return true
    }
}
