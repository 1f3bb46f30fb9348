import TierLedger

/// `tierledger report html --out FILE`: the self-contained page with the charts.
extension ReportCommand {
    /// `--out` is required by `html` and refused by every other kind; `html` prints no table,
    /// so `--format` does not apply to it.
    static func validateOut(kind: String, _ arguments: Arguments) throws(UsageError) -> String? {
        let out = arguments.value("out")
        guard kind == "html" else {
            if out != nil {
                throw UsageError("--out is for `report html`; \(kind) prints to standard output")
            }
            return nil
        }
        guard let out, !out.isEmpty else {
            throw UsageError("report html needs --out FILE (the page to write)")
        }
        if arguments.value("format") != nil {
            throw UsageError("report html writes HTML; --format does not apply")
        }
        return out
    }

    func writeHTML(to path: String, _ console: Console) -> ExitStatus {
        do throws(StoreError) {
            let data = try directory.writeHTMLReport(to: path, cut: request.cut, validPrefix: request.validPrefix)
            console.out(
                "wrote \(path): \(HTMLReport.chartCount(data)) charts, through record \(data.lastSequence)\n")
        } catch {
            return console.fail(error)
        }
        return .success
    }
}
