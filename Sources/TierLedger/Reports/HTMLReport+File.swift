extension LedgerDirectory {
    /// `report html --out FILE`: replays the log up to `cut` and writes the page to `path`
    /// atomically (a reader never sees half a page). Returns the figures it drew.
    @discardableResult
    public func writeHTMLReport(
        to path: String, cut: ReplayCut = .everything, validPrefix: Bool = false
    )
        throws(StoreError) -> HTMLReportData
    {
        let data = try htmlReportData(cut: cut, validPrefix: validPrefix)
        try AtomicFile.write(Array(HTMLReport.render(data).utf8), to: path)
        return data
    }
}
