import Foundation
@testable import TierLedger

/// Small ledgers on disk for the log's tests: a fixed key, the example market applied in
/// several batches (so the log has several checkpoints), and helpers to damage copies.
enum LogTestSupport {
    static let key = [UInt8](0..<32)

    /// A new ledger with the example market appended in batches of `batchSize` commands.
    static func exampleLedger(batchSize: Int = 7, segmentSizeLimit: Int = LedgerDirectory.defaultSegmentSizeLimit)
        throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: key,
                                                   segmentSizeLimit: segmentSizeLimit)
        guard case .success(let lines) = CommandParser.parseAll(Array(ExampleMarket.ndjson.utf8)) else {
            preconditionFailure("the example market parses")
        }
        var start = 0
        while start < lines.count {
            let writer = try directory.openForWriting(segmentSizeLimit: segmentSizeLimit)
            for line in lines[start..<min(start + batchSize, lines.count)] { _ = writer.submit(line.command) }
            try writer.commit()
            start += batchSize
        }
        return directory
    }

    static func segmentFiles(_ directory: LedgerDirectory) throws -> [String] {
        try LogScanner(logDirectory: directory.logPath).segmentPaths()
    }

    /// A copy of `directory` whose single segment holds `bytes`.
    static func copy(_ directory: LedgerDirectory, segmentBytes bytes: [UInt8]) throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("copy").path
        let copy = LedgerDirectory(path: path)
        try FileManager.default.createDirectory(atPath: copy.logPath, withIntermediateDirectories: true)
        try Data(key).write(to: URL(fileURLWithPath: copy.secretKeyPath))
        let name = SegmentHeader.fileName(firstSequence: 1)
        try Data(bytes).write(to: URL(fileURLWithPath: copy.logPath + "/" + name))
        return copy
    }

    /// Frames of a segment's bytes: (start, end, sequence, kind) in order.
    static func frames(_ bytes: [UInt8]) -> [(range: Range<Int>, sequence: UInt64, kind: UInt8)] {
        var frames = [(range: Range<Int>, sequence: UInt64, kind: UInt8)]()
        bytes.withUnsafeBufferPointer { buffer in
            var offset = SegmentHeader.size
            while case .record(let record) = RecordFrame.parse(buffer, at: offset) {
                frames.append((record.frame, record.sequence, record.kind))
                offset = record.frame.upperBound
            }
        }
        return frames
    }
}
