import Foundation
import Testing

/// Every command's `--help`, and `tierledger help`, frozen in `Snapshots/help/`: a changed
/// option or wording is a reviewed change, never an accident.
@Suite struct HelpEndToEndTests {
    /// The command names `tierledger help` lists.
    static func commandNames() throws -> [String] {
        let overview = try ToolRunner.run(["help"])
        return overview.stdout.split(separator: "\n")
            .drop { !$0.hasPrefix("Commands:") }.dropFirst()
            .prefix { $0.hasPrefix("  ") }
            // A command's line starts with its name; wrapped abstracts continue further in.
            .filter { !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test func theOverviewListsEveryCommand() throws {
        let overview = try ToolRunner.run(["help"])
        #expect(overview.status == 0)
        GoldenFile.assertMatches(overview.stdout, "help/tierledger.txt")
        let names = try Self.commandNames()
        for expected in ["init", "append", "ingest", "report", "reconcile", "trace", "explain", "verify", "export",
                         "import", "simulate", "demo"] {
            #expect(names.contains(expected), "help does not list \(expected)")
        }
    }

    @Test func everyCommandHasHelp() throws {
        for name in try Self.commandNames() {
            let help = try ToolRunner.run([name, "--help"])
            #expect(help.status == 0, "\(name) --help exit \(help.status)")
            #expect(help.stdout.contains("Usage: tierledger \(name)"), "\(name) --help has no usage line")
            #expect(help.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 },
                    "\(name) --help has lines over 80 columns")
            GoldenFile.assertMatches(help.stdout, "help/\(name).txt")
            let viaHelp = try ToolRunner.run(["help", name])
            #expect(viaHelp.stdout == help.stdout, "`help \(name)` differs from `\(name) --help`")
        }
    }

    @Test func anUnknownOptionIsAUsageErrorThatSaysWhatToDo() throws {
        for name in try Self.commandNames() {
            let result = try ToolRunner.run([name, "--no-such-option"])
            #expect(result.status == 64, "\(name): exit \(result.status)")
            #expect(result.stderr.contains("Usage: tierledger \(name)"), "\(name): \(result.stderr)")
        }
    }
}
