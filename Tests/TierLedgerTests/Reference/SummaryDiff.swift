import TierLedger

/// A readable list of what differs between two summaries: which accounts, skus, orders and
/// parties, each with both values. Keys are sorted so that the report is stable.
enum SummaryDiff {
    static let lineLimit = 40

    static func describe(engine: LedgerSummary, model: LedgerSummary) -> String {
        var lines: [String] = []
        if engine.lastSequence != model.lastSequence {
            lines.append("lastSequence: engine \(engine.lastSequence), model \(model.lastSequence)")
        }
        if engine.ledgerTime != model.ledgerTime {
            lines.append("ledgerTime: engine \(String(describing: engine.ledgerTime)), "
                + "model \(String(describing: model.ledgerTime))")
        }
        lines += differences("balance", engine.balances, model.balances)
        lines += differences("inventory", engine.inventory, model.inventory)
        lines += differences("order", engine.orders, model.orders)
        lines += differences("party", engine.parties, model.parties)
        if lines.count > lineLimit {
            lines = Array(lines.prefix(lineLimit)) + ["… \(lines.count - lineLimit) more differences"]
        }
        return lines.map { "    " + $0 }.joined(separator: "\n")
    }

    private static func differences<Key: Comparable, Value: Equatable>(
        _ label: String, _ engine: [Key: Value], _ model: [Key: Value]
    ) -> [String] {
        let keys = Set(engine.keys).union(model.keys).sorted()
        return keys.compactMap { key in
            let left = engine[key]
            let right = model[key]
            guard left != right else { return nil }
            return "\(label) \(key): engine \(show(left)), model \(show(right))"
        }
    }

    private static func show<Value>(_ value: Value?) -> String {
        value.map { String(describing: $0) } ?? "absent"
    }
}
