import TierLedger

/// The options of commands that read the ledger as it stood at a point (SPEC §8): the cut
/// (`--until-seq`, `--as-of`), reading a damaged log's valid prefix, and the output format.
enum CutOptions {
    static let untilSequence = Arguments.Option(
        "until-seq", value: "N", help: "What the ledger knew after record N.")
    static let asOf = Arguments.Option(
        "as-of", value: "TIME", help: "Only events with at ≤ TIME (RFC 3339).")
    static let validPrefix = Arguments.Option(
        "valid-prefix", help: "Read the events before any damage instead of failing.")
    static let all = [untilSequence, asOf, validPrefix]

    static func cut(_ arguments: Arguments) throws(UsageError) -> ReplayCut {
        let until = try arguments.integer("until-seq", in: 1...Int64.max).map { UInt64($0) }
        return ReplayCut(untilSequence: until, asOf: try time(arguments, "as-of"))
    }

    /// An RFC 3339 time option, or `nil` when absent.
    static func time(_ arguments: Arguments, _ name: String) throws(UsageError) -> Timestamp? {
        guard let text = arguments.value(name) else { return nil }
        guard let time = Timestamp.parseRFC3339(text) else {
            throw UsageError("--\(name) expects an RFC 3339 time like 2026-03-01T08:00:00Z, got \(text)")
        }
        return time
    }

    /// `--format`, or `nil` for the default (a table on a terminal, else CSV).
    static func format(_ arguments: Arguments) throws(UsageError) -> ReportFormat? {
        guard let text = arguments.value("format") else { return nil }
        guard let format = ReportFormat(rawValue: text) else {
            throw UsageError("--format expects table, csv or json, got \(text)")
        }
        return format
    }
}

extension Console {
    /// Prints `table` in `format`, or the default format for where stdout goes.
    func print(_ table: ReportTable, as format: ReportFormat?) {
        out(table.rendered(as: format ?? (stdoutIsTerminal ? .table : .csv)))
    }
}
