import Foundation
import Testing
@testable import TierLedger

/// `POSIXFile.readAll(into:)`: a scan reads its segments one after another into one buffer.
/// Every read must give exactly the file's bytes whatever the buffer held before, and the
/// buffer's storage is reused only while it is at most twice the file (so a short last
/// segment does not keep a full segment's memory alive).
@Suite struct POSIXFileTests {
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    static func write(_ bytes: [UInt8], named name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readsEachFileWhole() throws {
        let work = try ToolRunner.temporaryDirectory()
        // Equal sizes, shorter, empty, longer, and exactly the 64 KiB of the end-of-file probe.
        let sizes = [100_000, 100_000, 10, 0, 200_000, 70_000, 1 << 16, 1 << 16]
        var buffer: [UInt8] = []
        for (index, size) in sizes.enumerated() {
            let expected = Self.bytes(count: size, seed: UInt64(index))
            let path = try Self.write(expected, named: "file\(index)", in: work)
            let file = try POSIXFile(path: path, flags: O_RDONLY)
            try file.readAll(into: &buffer)
            #expect(buffer == expected, "file \(index) of \(size) bytes")
            #expect(try file.readAll() == expected)
        }
    }

    @Test func reusesTheBufferOnlyWhileItFits() throws {
        let work = try ToolRunner.temporaryDirectory()
        let big = try Self.write(Self.bytes(count: 100_000, seed: 1), named: "big", in: work)
        let same = try Self.write(Self.bytes(count: 100_000, seed: 2), named: "same", in: work)
        let short = try Self.write(Self.bytes(count: 1_000, seed: 3), named: "short", in: work)
        var buffer: [UInt8] = []
        try POSIXFile(path: big, flags: O_RDONLY).readAll(into: &buffer)
        let first = buffer.withUnsafeBufferPointer { $0.baseAddress }
        try POSIXFile(path: same, flags: O_RDONLY).readAll(into: &buffer)
        #expect(buffer.withUnsafeBufferPointer { $0.baseAddress } == first, "a file of the same size reuses the storage")
        try POSIXFile(path: short, flags: O_RDONLY).readAll(into: &buffer)
        #expect(buffer.count == 1_000)
        #expect(buffer.capacity < 2 * 1_000 + 64, "a short file gets storage of its own size, not \(buffer.capacity)")
    }
}
