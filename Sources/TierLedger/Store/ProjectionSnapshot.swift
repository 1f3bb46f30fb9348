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
    static let formatVersion: UInt32 = 2
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

    /// The file for `projections` at the end of a scan, in its three parts (header, reports,
    /// continuation), written one after the other without joining them.
    static func encode(_ projections: LedgerProjections, scan: LogScanner.Result, segment: String) -> [[UInt8]] {
        var reports = ByteWriter(capacity: 1 << 16)
        projections.writeReports(to: &reports)
        // Reserved once for the whole section, at 320 bytes an order: the simulated markets'
        // snapshot files hold 290 bytes a paid order at 10 M commands and 307 at 2 M, decoder
        // tables included. An estimate too small makes the buffer regrow near the end, holding
        // the old and the new copy at once: at 224 bytes an order, `tierledger snapshot` peaked
        // at 8,774 MB at 10 M, and 7,467 MB with this one. Pages reserved and never written
        // cost no memory.
        var continuation = ByteWriter(capacity: 1 << 20 + projections.orders.entries.count * 320)
        continuation.bytes.append(contentsOf: scan.hasher.resumptionState)
        scan.codec.dictionary.writeSnapshot(to: &continuation)
        projections.writeContinuation(to: &continuation)

        let header = Self.header(
            lastSequence: projections.lastSequence, lastTime: projections.lastTime, segment: segment,
            checkpointOffset: scan.checkpointOffset, checkpointEnd: scan.checkpointEnd, chainValue: scan.checkpointChain,
            reportsLength: reports.bytes.count, reportsCRC: reports.bytes.withUnsafeBytes { CRC32C.checksum($0) },
            continuationLength: continuation.bytes.count,
            continuationCRC: continuation.bytes.withUnsafeBytes { CRC32C.checksum($0) })
        return [header, reports.bytes, continuation.bytes]
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
