import Foundation
import TierLedger

/// One `tierledger` command: its name, a one-line abstract, its options, a validation step
/// that turns arguments into a value (usage errors exit 64), and `run`.
protocol ToolCommand: Sendable {
    static var name: String { get }
    static var abstract: String { get }
    static var usage: String { get }
    static var options: [Arguments.Option] { get }
    /// Validates the arguments; throws `UsageError` for anything that cannot run.
    init(_ arguments: Arguments) throws(UsageError)
    func run(_ console: Console) -> ExitStatus
}

extension ToolCommand {
    static var help: String {
        var text = wrapped(abstract, width: helpWidth, indent: 0) + "\n\nUsage: tierledger \(usage)\n"
        let all = options + [Arguments.Option("help", help: "Show this help.")]
        text += "\nOptions:\n"
        for option in all {
            let label = "--\(option.name)" + (option.valueName.map { " \($0)" } ?? "")
            let padding = String(repeating: " ", count: max(2, 24 - label.count))
            let lines = wrapped(option.help, width: helpWidth - 26, indent: 26).split(separator: "\n",
                                                                                   omittingEmptySubsequences: false)
            text += "  \(label)\(padding)" + lines.joined(separator: "\n") + "\n"
        }
        return text
    }
}

/// Help fits an 80-column terminal.
let helpWidth = 80

/// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole),
/// continuation lines indented by `indent` spaces.
func wrapped(_ text: String, width: Int, indent: Int) -> String {
    var lines = [String]()
    var line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty, line.count + 1 + word.count > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
    }
    lines.append(line)
    return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
}

/// The options every ledger command shares.
enum CommonOptions {
    static let ledger = Arguments.Option(
        "ledger", value: "DIR", help: "The ledger directory (default $TIERLEDGER_DIR, else ./ledger).")
    static let format = Arguments.Option(
        "format", value: "FORMAT", help: "table, csv or json (default table on a terminal, else csv).")
}

/// Where output goes: stdout for results, stderr for diagnostics.
struct Console {
    func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Reports a failure of the ledger's files and returns its exit status.
    func fail(_ error: StoreError) -> ExitStatus {
        self.error("tierledger: \(error.message)\n")
        return error.exitStatus
    }
}

enum ToolMain {
    static let commands: [any ToolCommand.Type] = [
        DemoCommand.self, InitCommand.self, AppendCommand.self, IngestCommand.self, ReportCommand.self,
        ReconcileCommand.self, TraceCommand.self, ExplainCommand.self, VerifyCommand.self, ExportCommand.self,
        ImportCommand.self, SnapshotCommand.self, SimulateCommand.self,
    ]

    static func run(_ arguments: [String]) -> ExitStatus {
        let console = Console()
        guard let name = arguments.first, name != "help", name != "--help", name != "-h" else {
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                console.out(command.help)
            } else {
                console.out(overview)
            }
            return .success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            console.error("tierledger: unknown command '\(name)'; see `tierledger help`\n")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") {
            console.out(command.help)
            return .success
        }
        do throws(UsageError) {
            let parsed = try Arguments(parsing: rest, options: command.options)
            return try command.init(parsed).run(console)
        } catch {
            console.error("tierledger \(name): \(error.message)\nUsage: tierledger \(command.usage)\n")
            return .usage
        }
    }

    static var overview: String {
        var text = "tierledger: an event-sourced ledger for multi-tier distribution of virtual goods.\n\n"
        text += "Usage: tierledger COMMAND [--ledger DIR] [options]\n\nCommands:\n"
        for command in commands {
            text += "  " + command.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + wrapped(command.abstract, width: helpWidth - 14, indent: 14) + "\n"
        }
        text += "\nRun `tierledger COMMAND --help` for a command's options.\n"
        return text
    }
}
