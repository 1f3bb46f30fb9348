import Foundation
import TierLedger

/// The options every report shares (SPEC §8): the cut of the log, the period, the format,
/// `--verbose` and `--valid-prefix`, parsed the same way for every command that reports.
extension CommonOptions {
    static let untilSequence = Arguments.Option(
        "until-seq", value: "N", help: "Answer as the ledger stood after record N.")
    static let asOf = Arguments.Option(
        "as-of", value: "TIME", help: "Answer from the events with `at` at or before TIME (RFC 3339).")
    static let from = Arguments.Option(
        "from", value: "TIME", help: "Period start, inclusive (RFC 3339; by payment time for orders).")
    static let to = Arguments.Option(
        "to", value: "TIME", help: "Period end, exclusive (RFC 3339).")
    static let verbose = Arguments.Option(
        "verbose", help: "Say on stderr which snapshot was used, ignored or written.")
    static let validPrefix = Arguments.Option(
        "valid-prefix", help: "Report on the events before any damage instead of failing.")

    static let noSnapshot = Arguments.Option(
        "no-snapshot", help: "Replay the whole log; read and write no projection snapshot.")

    static let skipSnapshot = Arguments.Option(
        "no-snapshot", help: "Do not bring the projection snapshot up to date afterwards (for bulk loads; "
            + "`tierledger snapshot` does it later).")

    static let cut = [untilSequence, asOf]
    static let period = [from, to]
    /// What every command that reads the ledger at a point takes: the cut and `--valid-prefix`.
    static let readingOptions = cut + [validPrefix]

    static func cut(_ arguments: Arguments) throws(UsageError) -> ReplayCut {
        let until = try arguments.integer("until-seq", in: 1...Int64.max).map { UInt64($0) }
        return ReplayCut(untilSequence: until, asOf: try time(arguments, "as-of"))
    }

    static func period(_ arguments: Arguments) throws(UsageError) -> Period {
        let period = Period(from: try time(arguments, "from"), to: try time(arguments, "to"))
        if let from = period.from, let to = period.to, from >= to {
            throw UsageError("--from \(from) must be before --to \(to)")
        }
        return period
    }

    static func format(_ arguments: Arguments) throws(UsageError) -> ReportFormat? {
        guard let text = arguments.value("format") else { return nil }
        guard let format = ReportFormat(rawValue: text) else {
            throw UsageError("--format expects table, csv or json, got \(text)")
        }
        return format
    }

    static func time(_ arguments: Arguments, _ name: String) throws(UsageError) -> Timestamp? {
        guard let text = arguments.value(name) else { return nil }
        guard let time = Timestamp.parseRFC3339(text) else {
            throw UsageError("--\(name) expects \(Timestamp.rfc3339Expectation), got \(text)")
        }
        return time
    }
}

extension Console {
    /// Progress for a long replay, drawn only when stderr is a terminal (SPEC §11).
    var replayProgress: ReplayProgress? {
        stderrIsTerminal ? ReplayProgress { self.error($0) } : nil
    }

    /// The width a table must fit: the terminal's, when stdout is one; else 80 columns, so
    /// that piped output is the same everywhere.
    var tableWidth: Int {
        var size = winsize()
        guard stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else {
            return ReportTable.defaultWidth
        }
        return Int(size.ws_col)
    }

    /// Prints a report in the chosen format (a table folded to the terminal's width).
    func print(_ table: ReportTable, as chosen: ReportFormat?) {
        out(table.rendered(as: format(chosen), width: tableWidth))
    }

    /// The default format: a table for people at a terminal, CSV for pipes and files.
    func format(_ chosen: ReportFormat?) -> ReportFormat {
        chosen ?? (stdoutIsTerminal ? .table : .csv)
    }
}
