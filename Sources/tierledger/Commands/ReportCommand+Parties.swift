import TierLedger

/// The options of `report statement` and `report risk`.
extension ReportCommand {
    static let partyOptions = [
        Arguments.Option("distributor", value: "D", help: "statement: the distributor's statement."),
        Arguments.Option("supplier", value: "S", help: "statement: the supplier's statement."),
        Arguments.Option("bulk-orders", value: "N", help: "risk: orders in a window that make a bulk buyer (5)."),
        Arguments.Option("bulk-units", value: "N", help: "risk: units in a window that make a bulk buyer (20)."),
        Arguments.Option("bulk-window-minutes", value: "N", help: "risk: the bulk buyer's window (10)."),
        Arguments.Option("refund-min-orders", value: "N",
                         help: "risk: paid orders before a refund rate counts (20)."),
        Arguments.Option("refund-rate-pct", value: "N", help: "risk: refunded share that is flagged, % (10)."),
    ]

    static let riskOptionNames = ["bulk-orders", "bulk-units", "bulk-window-minutes", "refund-min-orders",
                                  "refund-rate-pct"]

    /// Reads the statement's party and risk's thresholds into `request`; an option that does
    /// not apply to the report is a usage error, not silently ignored.
    static func readPartyOptions(_ arguments: Arguments, into request: inout ReportRequest) throws(UsageError) {
        let distributor = arguments.value("distributor")
        let supplier = arguments.value("supplier")
        if request.kind == .statement {
            switch (distributor, supplier) {
            case (let distributor?, nil): request.party = .distributor(distributor)
            case (nil, let supplier?): request.party = .supplier(supplier)
            default: throw UsageError("report statement needs exactly one of --distributor D or --supplier S")
            }
        } else if distributor != nil || supplier != nil {
            throw UsageError("--distributor and --supplier apply to report statement only")
        }
        let given = riskOptionNames.filter { arguments.value($0) != nil }
        if request.kind != .risk, let name = given.first {
            throw UsageError("--\(name) applies to report risk only")
        }
        var thresholds = RiskThresholds.standard
        thresholds.bulkOrders = try arguments.integer("bulk-orders", in: 1...1_000_000) ?? thresholds.bulkOrders
        thresholds.bulkUnits = try arguments.integer("bulk-units", in: 1...1_000_000_000) ?? thresholds.bulkUnits
        thresholds.bulkWindowMinutes = try arguments.integer("bulk-window-minutes", in: 1...525_600)
            ?? thresholds.bulkWindowMinutes
        thresholds.refundMinimumOrders = try arguments.integer("refund-min-orders", in: 1...1_000_000_000)
            ?? thresholds.refundMinimumOrders
        thresholds.refundRatePercent = try arguments.integer("refund-rate-pct", in: 1...100)
            ?? thresholds.refundRatePercent
        request.riskThresholds = thresholds
    }
}
