/// An account of the chart in SPEC §7. Balances are debit positive, credit negative.
public enum Account: Hashable, Sendable {
    case gateway
    case escrow
    case supplierPayable(String)
    case distributorPayable(String)
    case platformMarkup
    case platformFees

    /// The account's name as reports and journals print it.
    public var name: String {
        let (fixed, party) = nameParts
        return fixed.description + (party ?? "")
    }

    /// The name as a fixed ASCII part and the party's id after it (`nil` for the platform's
    /// and the ledger's own accounts), for writers that append it without building a `String`.
    var nameParts: (fixed: StaticString, party: String?) {
        switch self {
        case .gateway: ("assets:gateway", nil)
        case .escrow: ("liabilities:escrow", nil)
        case .supplierPayable(let supplier): ("liabilities:payable:supplier:", supplier)
        case .distributorPayable(let distributor): ("liabilities:payable:distributor:", distributor)
        case .platformMarkup: ("revenue:platform:markup", nil)
        case .platformFees: ("revenue:platform:fees", nil)
        }
    }

    /// The payable account of a leg's party; the platform's legs go to markup revenue.
    static func of(_ party: LegParty) -> Account {
        switch party {
        case .supplier(let supplier): .supplierPayable(supplier)
        case .platform: .platformMarkup
        case .distributor(let distributor): .distributorPayable(distributor)
        }
    }
}

extension Account: StablyHashable {
    /// Of the kind and the party's id, for the projections' `StableDictionary`.
    var stableHash: UInt64 {
        switch self {
        case .gateway: StableHash.finish(1)
        case .escrow: StableHash.finish(2)
        case .platformMarkup: StableHash.finish(3)
        case .platformFees: StableHash.finish(4)
        case .supplierPayable(let supplier): StableHash.finish(StableHash.combine(5, supplier.stableHash))
        case .distributorPayable(let distributor): StableHash.finish(StableHash.combine(6, distributor.stableHash))
        }
    }
}

/// One line of a double-entry posting.
public struct Posting: Equatable, Sendable {
    public var account: Account
    public var amount: Money

    public init(account: Account, amount: Money) {
        self.account = account
        self.amount = amount
    }
}

/// An account of `Account`'s chart as the state machine posts to it: a party's payable is
/// named by the party's handle in `LedgerState.suppliers` or `LedgerState.distributors`, so
/// that posting a line hashes nothing.
enum PostingAccount: Equatable, Sendable {
    case gateway
    case escrow
    case platformMarkup
    case platformFees
    case supplierPayable(Int)
    case distributorPayable(Int)
}

/// The balance of every account. The postings of one event always sum to zero, so the
/// balances do too; the ledger's volume bound keeps every balance far from overflow.
///
/// Speed: the four platform accounts are plain fields and the payables are arrays indexed by
/// the party's handle (`PostingAccount`), so no line of a posting touches a dictionary or
/// hashes an id. Lines are added one by one (no array per event); `closeEvent()` checks that
/// they summed to zero. `LedgerState` turns handles back into `Account`s for reports.
struct AccountBalances: Sendable {
    private(set) var gateway: Int64 = 0
    private(set) var escrow: Int64 = 0
    private(set) var platformMarkup: Int64 = 0
    private(set) var platformFees: Int64 = 0
    /// By supplier handle; a party never posted to may lie beyond the end (balance zero).
    private var supplierPayables: [Int64] = []
    /// By distributor handle, likewise.
    private var distributorPayables: [Int64] = []
    /// The sum of the lines added since the last `closeEvent()`.
    private var openSum: Int64 = 0

    func supplierPayable(_ handle: Int) -> Int64 {
        handle < supplierPayables.count ? supplierPayables[handle] : 0
    }

    func distributorPayable(_ handle: Int) -> Int64 {
        handle < distributorPayables.count ? distributorPayables[handle] : 0
    }

    /// Adds one line of the current event's posting.
    mutating func add(_ amount: Int64, to account: PostingAccount) {
        openSum += amount
        switch account {
        case .gateway: gateway += amount
        case .escrow: escrow += amount
        case .platformMarkup: platformMarkup += amount
        case .platformFees: platformFees += amount
        case .supplierPayable(let handle): Self.add(amount, at: handle, to: &supplierPayables)
        case .distributorPayable(let handle): Self.add(amount, at: handle, to: &distributorPayables)
        }
    }

    private static func add(_ amount: Int64, at handle: Int, to payables: inout [Int64]) {
        precondition(handle >= 0, "a party handle is never negative")
        if handle >= payables.count {
            payables.append(contentsOf: repeatElement(0, count: handle + 1 - payables.count))
        }
        payables[handle] += amount
    }

    /// Ends an event's posting: its lines must have summed to zero (double entry).
    mutating func closeEvent() {
        precondition(openSum == 0, "postings of one event must sum to zero")
    }

    /// Posts `amount` from `credit` to `debit` (two lines) and closes the event.
    mutating func post(_ amount: Money, debit: PostingAccount, credit: PostingAccount) {
        add(amount.minorUnits, to: debit)
        add(-amount.minorUnits, to: credit)
        closeEvent()
    }

    /// The sum of every balance (zero when double entry holds).
    var total: Int64 {
        gateway + escrow + platformMarkup + platformFees + supplierPayables.reduce(0, +)
            + distributorPayables.reduce(0, +)
    }

    /// Every payable that is not zero, by party handle.
    var nonZeroPayables: (suppliers: [(Int, Int64)], distributors: [(Int, Int64)]) {
        (supplierPayables.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) },
         distributorPayables.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) })
    }
}
