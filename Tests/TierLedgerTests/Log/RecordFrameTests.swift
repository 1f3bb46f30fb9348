import Testing
@testable import TierLedger

/// A record framed in place (`beginRecord`, the body, `endRecord`) is byte for byte the record
/// `append(body:to:)` frames around a copy of the body, at every length size of the varint and
/// at its boundaries, after other records in the buffer; and it parses back.
struct RecordFrameTests {
    @Test(arguments: [3, 4, 100, 127, 128, 129, 200, 16_383, 16_384, 16_385, 70_000, 2_097_151, 2_097_152])
    func aRecordFramedInPlaceIsTheRecordFramedAroundACopy(bodyCount: Int) throws {
        var random = SplitMix64(seed: UInt64(bodyCount))
        var body = ByteWriter()
        RecordFrame.writeBodyHead(sequence: 300, kind: 15, version: 1, to: &body)
        while body.bytes.count < bodyCount { body.byte(UInt8(truncatingIfNeeded: random.next())) }

        var copied = ByteWriter()
        var inPlace = ByteWriter()
        // A record before, so that the one tested does not start at offset 0.
        RecordFrame.append(sequence: 299, kind: 14, version: 1, payload: [1, 2, 3], to: &copied)
        RecordFrame.append(sequence: 299, kind: 14, version: 1, payload: [1, 2, 3], to: &inPlace)
        let first = copied.bytes.count
        RecordFrame.append(body: body.bytes, to: &copied)
        let start = RecordFrame.beginRecord(in: &inPlace)
        inPlace.bytes.append(contentsOf: body.bytes)
        RecordFrame.endRecord(startingAt: start, in: &inPlace)

        #expect(start == first)
        #expect(inPlace.bytes == copied.bytes)
        let parsed = inPlace.bytes.withUnsafeBufferPointer { RecordFrame.parse($0, at: first) }
        guard case .record(let record) = parsed else {
            Issue.record("the record framed in place does not parse: \(parsed)")
            return
        }
        #expect(record.sequence == 300)
        #expect(record.kind == 15)
        #expect(record.frame == first..<inPlace.bytes.count)
    }
}
