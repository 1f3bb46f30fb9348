import Foundation
import Testing
import TierLedger

/// `export` and `import`: an imported export exports byte-identically; nothing secret leaves.
@Suite struct ExportImportEndToEndTests {
    static let market = ToolRunner.repositoryRoot.appendingPathComponent("Snapshots/examples/market.ndjson").path

    @Test func importOfAnExportExportsTheSameBytes() throws {
        let work = try ToolRunner.temporaryDirectory()
        let original = work.appendingPathComponent("original").path
        _ = try ToolRunner.run(["init", "--ledger", original])
        _ = try ToolRunner.run(["append", Self.market, "--ledger", original])
        let exported = try ToolRunner.run(["export", "--ledger", original])
        #expect(exported.status == 0)
        #expect(exported.stdout.split(separator: "\n").count == 25)
        for secret in ["QQ-AAAA-0001", "alice", "\"bob\""] { #expect(!exported.stdout.contains(secret)) }
        let file = work.appendingPathComponent("export.ndjson")
        try exported.stdout.write(to: file, atomically: true, encoding: .utf8)
        let copy = work.appendingPathComponent("copy").path
        let imported = try ToolRunner.run(["import", file.path, "--ledger", copy,
                                           "--secret-key", original + "/secret.key"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let again = try ToolRunner.run(["export", "--ledger", copy])
        #expect(again.stdout == exported.stdout)
        // `-` reads standard input: `export | import -` makes a copy in one pipe.
        let piped = work.appendingPathComponent("piped").path
        let fromStdin = try ToolRunner.run(["import", "-", "--ledger", piped, "--secret-key", original + "/secret.key"],
                                           stdin: exported.stdout)
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(try ToolRunner.run(["export", "--ledger", piped]).stdout == exported.stdout)
        let balances = try ToolRunner.run(["report", "balances", "--format", "csv", "--ledger", copy])
        let originalBalances = try ToolRunner.run(["report", "balances", "--format", "csv", "--ledger", original])
        #expect(balances.stdout == originalBalances.stdout)
        let since = try ToolRunner.run(["export", "--since-seq", "20", "--ledger", original])
        #expect(since.stdout.split(separator: "\n").count == 5)
        #expect(since.stdout.hasPrefix("{\"seq\":21,"))
    }

    /// The example market's export (its ledger in `work/original`) with one line that decodes
    /// but is refused: a refund that reverses more than the order had.
    static func exportWithARefusedLine() throws -> (work: URL, lines: [String], index: Int) {
        let work = try ToolRunner.temporaryDirectory()
        let original = work.appendingPathComponent("original").path
        _ = try ToolRunner.run(["init", "--ledger", original])
        _ = try ToolRunner.run(["append", Self.market, "--ledger", original])
        var lines = try ToolRunner.run(["export", "--ledger", original]).stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("\"type\":\"order.refunded\"") })
        lines[index] = lines[index].replacingOccurrences(of: "\"amount\":\"10.00\"", with: "\"amount\":\"11.00\"")
        return (work, lines, index)
    }

    /// `import -` from a producer that stops writing but keeps the pipe open: a refused line
    /// is reported as soon as it has arrived, without waiting for more input or its end.
    @Test func aRefusedLineFromAStalledPipeIsReportedAtOnce() throws {
        let (work, lines, index) = try Self.exportWithARefusedLine()
        let process = Process()
        process.executableURL = ToolRunner.executable
        process.arguments = ["import", "-", "--ledger", work.appendingPathComponent("target").path]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data((lines[...index].joined(separator: "\n") + "\n").utf8))
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let stalled = process.isRunning
        if stalled { process.terminate() }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(!stalled, "import waited for input after the refused line")
        #expect(process.terminationStatus == 65)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("line \(index + 1): "), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["original"])
    }

    @Test func aBadExportLineIsRefusedAndWritesNothing() throws {
        let (work, lines, index) = try Self.exportWithARefusedLine()
        let file = work.appendingPathComponent("bad.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let target = work.appendingPathComponent("target").path
        let result = try ToolRunner.run(["import", file.path, "--ledger", target])
        #expect(result.status == 65)
        #expect(result.stderr.contains("line \(index + 1): "), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func ingestAcknowledgesEachCommandOnceDurable() throws {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("l").path
        _ = try ToolRunner.run(["init", "--ledger", ledger])
        let input = try String(contentsOfFile: Self.market, encoding: .utf8) + "{\"type\":\"nope\"}\n"
        let result = try ToolRunner.run(["ingest", "--ledger", ledger], stdin: input)
        #expect(result.status == 65)
        GoldenFile.assertMatches(result.stdout, "examples/market.ingest-stdout.ndjson")
    }
}
