/// `export --format journal` (SPEC §7, §9): the postings of every money event as a plain-text
/// journal that hledger and ledger-cli both read, check and balance.
///
/// One transaction per event that moves money, dated by the UTC day of its `at`, with the
/// event's sequence number as the transaction code and its exact time and order as tags:
///
///     2026-03-01 (15) order.placed O1: 2 x QQ-100 sold by D2
///         ; at: 2026-03-01T09:00:00Z
///         ; order: O1
///         assets:gateway                                      CNY 177.16
///         liabilities:escrow                                 CNY -177.16
///
/// Amounts carry the ledger's currency as a prefix commodity (`CNY -177.16`), which both tools
/// parse the same way. Both tools' strict modes (`hledger check --strict`, `ledger --pedantic`)
/// want every account, commodity and tag declared before use: the commodity and tags are
/// declared by the first event (`ledger.created`), and each account just before the first
/// transaction that posts to it. So the export streams in one pass, and the export with
/// `--since-seq N` is exactly what to append to an export that ended at N: the two together are
/// the full export, byte for byte (the part after N declares only the accounts first used after N).
///
/// Invariants: every transaction's postings sum to zero; every account is declared exactly once
/// in the full export, before its first posting; output depends only on the events.
public struct JournalExport: Sendable {
    /// Events with a sequence number at or below this are replayed but not written.
    public let sinceSequence: UInt64
    private var orders = OrderCatalog()
    private var lastSequence: UInt64 = 0
    private var currency: String?
    private var usedAccounts: Set<Account> = []

    /// The tags the transactions carry (declared for ledger's `--pedantic`).
    static let tags = ["at", "order"]
    /// Accounts are padded to this column so that most amounts line up.
    static let accountColumnWidth = 52
    static let amountColumnWidth = 16

    public init(sinceSequence: UInt64 = 0) {
        self.sinceSequence = sinceSequence
    }

    /// The journal text `event` adds: empty for an event that moves no money (or that is at or
    /// before `sinceSequence`). Events must come in log order, starting at `ledger.created`.
    public mutating func text(for event: Event) throws(ReplayError) -> String {
        var bytes: [UInt8] = []
        try append(event, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text(for:)`, appended to `out` as UTF-8 (a posting line is written in place: building
    /// each as a `String`, padding included, was most of an export's time).
    mutating func append(_ event: Event, to out: inout [UInt8]) throws(ReplayError) {
        guard event.sequence == lastSequence + 1 else {
            throw ReplayError(
                sequence: event.sequence, message: "expected sequence number \(lastSequence + 1)")
        }
        lastSequence = event.sequence
        let writes = event.sequence > sinceSequence
        if case .ledgerCreated(let settings, _) = event.body {
            guard currency == nil else { throw ReplayError(event, "the ledger was created before") }
            currency = settings.currency
            if writes { out.append(contentsOf: Self.header(currency: settings.currency).utf8) }
            return
        }
        guard let currency else { throw ReplayError(event, "the first event must be ledger.created") }
        let movements = try MoneyMovements(event, orders: orders)
        let orderTags = try postingOrders(event, postingCount: movements.postings.count)
        try orders.apply(event)
        guard !movements.postings.isEmpty else { return }
        var sum: Int64 = 0
        for posting in movements.postings {
            sum = try sum.adding(posting.amount.minorUnits, in: event.sequence)
        }
        guard sum == 0 else { throw ReplayError(event, "postings do not sum to zero") }
        // Each posting's account looked up once: `Set.subtracting` walked every account used so
        // far for each event, 58% of a journal export.
        var newAccounts: [Account] = []
        for posting in movements.postings where usedAccounts.insert(posting.account).inserted {
            newAccounts.append(posting.account)
        }
        guard writes, let at = event.at else { return }
        for name in newAccounts.map(\.name).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.append(contentsOf: "account \(name)\n".utf8)
        }
        if !newAccounts.isEmpty { out.append(UInt8(ascii: "\n")) }
        var time: [UInt8] = []
        at.appendRFC3339(to: &time)
        out.append(contentsOf: time.prefix(10))
        out.append(contentsOf: " (\(event.sequence)) \(Self.description(of: event, orders: orders))\n    ; at: ".utf8)
        out.append(contentsOf: time)
        out.append(UInt8(ascii: "\n"))
        if let order = Self.order(of: event) { out.append(contentsOf: "    ; order: \(order)\n".utf8) }
        for (index, posting) in movements.postings.enumerated() {
            Self.appendLine(posting, currency: currency, order: orderTags[index], to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// Declarations of the commodity (with its display format, so both tools print amounts as
    /// they are written) and of the tags.
    static func header(currency: String) -> String {
        var text = "; TierLedger journal: the double-entry postings of every event that moves money.\n"
        text += "; One transaction per event: the code is the event's sequence number, the tag `at`\n"
        text += "; its exact time (UTC). Read with `hledger -f FILE bal` or `ledger -f FILE bal`.\n\n"
        text += "commodity \(currency)\n    format \(currency) 1000.00\n\n"
        for tag in tags { text += "tag \(tag)\n" }
        return text + "\n"
    }

    /// One posting line, appended to `out`: the account, then the amount right-aligned (columns
    /// count characters, as a reader of the text does).
    static func appendLine(_ posting: Posting, currency: String, order: String?, to out: inout [UInt8]) {
        let (fixed, party) = posting.account.nameParts
        let accountWidth = 4 + fixed.utf8CodeUnitCount + (party.map(characterCount) ?? 0)
        let amountWidth = characterCount(currency) + 1 + posting.amount.textLength
        let padding = max(2, accountColumnWidth - accountWidth) + max(0, amountColumnWidth - amountWidth)
        out.append(contentsOf: "    ".utf8)
        out.append(contentsOf: UnsafeBufferPointer(start: fixed.utf8Start, count: fixed.utf8CodeUnitCount))
        if let party { out.append(contentsOf: party.utf8) }
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        out.append(contentsOf: currency.utf8)
        out.append(UInt8(ascii: " "))
        posting.amount.appendText(to: &out)
        if let order {
            out.append(contentsOf: "  ; order: ".utf8)
            out.append(contentsOf: order.utf8)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// The characters of `text`: its bytes when it is ASCII (ids are), without walking graphemes.
    private static func characterCount(_ text: String) -> Int {
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 < 0x80 } }
        return ascii == true ? text.utf8.count : text.count
    }

    /// The order a whole transaction belongs to, for its `order` tag.
    static func order(of event: Event) -> String? {
        switch event.body {
        case .orderPlaced(let fact): fact.order
        case .orderPaid(let order, _, _, _): order
        case .orderRefunded(let refund): refund.order
        case .disputeResolved(_, let order, _, _): order
        default: nil
        }
    }

    /// For a settlement run, the order each posting releases (`nil` for the escrow line), so
    /// that `hledger reg tag:order=O1` follows one order's money through its release. A
    /// release posts each remaining leg of each released order, in the order of `released`.
    private func postingOrders(_ event: Event, postingCount: Int) throws(ReplayError) -> [String?] {
        guard case .settlementRan(let released) = event.body, postingCount > 0 else {
            return Array(repeating: nil, count: postingCount)
        }
        var tags: [String?] = [nil]
        for order in released {
            let entry = try orders.entry(order, for: event)
            for remaining in orders.remaining(of: entry) where remaining != 0 { tags.append(order) }
        }
        guard tags.count == postingCount else {
            throw ReplayError(event, "the release postings do not match the released orders")
        }
        return tags
    }

    /// The transaction's description: the event's type and what it concerns. Free text (refund
    /// reasons, fee memos) is cleaned of the characters that end a description or a line.
    static func description(of event: Event, orders: OrderCatalog) -> String {
        let type = event.body.typeName
        switch event.body {
        case .orderPlaced(let fact):
            return "\(type) \(fact.order): \(fact.quantity) x \(fact.sku) sold by \(fact.distributor)"
        case .orderPaid(let order, let late, _, _):
            guard let entry = orders[order] else { return "\(type) \(order)" }
            let fact = orders.fact(of: order, entry)
            return "\(type) \(order)\(late ? " (late)" : ""): \(fact.quantity) x \(fact.sku) sold by "
                + fact.distributor
        case .orderRefunded(let refund):
            return "\(type) \(refund.refund) of \(refund.order)" + refundDetail(refund)
        case .disputeResolved(let dispute, let order, _, let refund):
            return "\(type) \(dispute) of \(order): refund" + (refund.map(refundDetail) ?? "")
        case .settlementRan(let released):
            return "\(type): \(released.count) order\(released.count == 1 ? "" : "s") released"
        case .payoutMade(let payout, let party, _):
            return "\(type) \(payout) to \(partyName(party))"
        case .feeCharged(let fee, let supplier, _, let memo):
            return "\(type) \(fee) to supplier \(supplier)" + (memo.map { ": " + clean($0) } ?? "")
        default:
            return type
        }
    }

    private static func refundDetail(_ refund: RefundFact) -> String {
        (refund.afterRelease ? ", after release" : ", before release")
            + (refund.reason.map { ": " + clean($0) } ?? "")
    }

    private static func partyName(_ party: Party) -> String {
        switch party {
        case .supplier(let supplier): "supplier \(supplier)"
        case .distributor(let distributor): "distributor \(distributor)"
        }
    }

    /// Free text on one line without a comment start: `;` (and `#`, `|`, tabs) become spaces,
    /// runs of spaces one space (two spaces would end ledger's payee), at most 80 characters.
    static func clean(_ text: String) -> String {
        var result = ""
        for character in text {
            let replaced: Character = character.isNewline || ";#|\t".contains(character) ? " " : character
            if replaced == " ", result.last == " " || result.isEmpty { continue }
            result.append(replaced)
            if result.count >= 80 { break }
        }
        while result.last == " " { result.removeLast() }
        return result
    }
}

extension LedgerDirectory {
    /// Writes the journal of the whole log (SPEC §9) through `write`, in chunks of about a
    /// megabyte, so that a large log never sits in memory as text.
    public func exportJournal(
        sinceSequence: UInt64, write: ([UInt8]) throws(StoreError) -> Void
    )
        throws(StoreError)
    {
        var journal = JournalExport(sinceSequence: sinceSequence)
        var buffer = [UInt8]()
        var failure: StoreError?
        do throws(StoreError) {
            try replay(cut: .everything, validPrefix: false) { event throws(ReplayError) in
                try journal.append(event, to: &buffer)
                guard buffer.count >= 1 << 20 else { return }
                do throws(StoreError) {
                    try write(buffer)
                } catch {
                    // Stop the replay; the write's own error is what the caller hears.
                    failure = error
                    throw ReplayError(sequence: event.sequence, message: "writing stopped")
                }
                buffer.removeAll(keepingCapacity: true)
            }
        } catch {
            throw failure ?? error
        }
        try write(buffer)
    }
}
