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
        switch self {
        case .gateway: "assets:gateway"
        case .escrow: "liabilities:escrow"
        case .supplierPayable(let supplier): "liabilities:payable:supplier:\(supplier)"
        case .distributorPayable(let distributor): "liabilities:payable:distributor:\(distributor)"
        case .platformMarkup: "revenue:platform:markup"
        case .platformFees: "revenue:platform:fees"
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

/// One line of a double-entry posting.
public struct Posting: Equatable, Sendable {
    public var account: Account
    public var amount: Money

    public init(account: Account, amount: Money) {
        self.account = account
        self.amount = amount
    }
}

/// The balance of every account. The postings of one event always sum to zero, so the
/// balances do too; the ledger's volume bound keeps every balance far from overflow.
///
/// Speed: the four platform accounts are plain fields and the payables are keyed by party id,
/// so most lines of a posting touch no dictionary, and none hashes an `Account`. Lines are
/// added one by one (no array per event); `closeEvent()` checks that they summed to zero.
struct AccountBalances: Sendable {
    private var gateway: Int64 = 0
    private var escrow: Int64 = 0
    private var platformMarkup: Int64 = 0
    private var platformFees: Int64 = 0
    private var supplierPayables: [String: Int64] = [:]
    private var distributorPayables: [String: Int64] = [:]
    /// The sum of the lines added since the last `closeEvent()`.
    private var openSum: Int64 = 0

    func balance(_ account: Account) -> Money {
        let balance: Int64 = switch account {
        case .gateway: gateway
        case .escrow: escrow
        case .platformMarkup: platformMarkup
        case .platformFees: platformFees
        case .supplierPayable(let supplier): supplierPayables[supplier] ?? 0
        case .distributorPayable(let distributor): distributorPayables[distributor] ?? 0
        }
        return Money(minorUnits: balance)
    }

    /// What a party can withdraw: the credit balance of its payable account.
    func available(_ party: Party) -> Money {
        switch party {
        case .supplier(let supplier): Money(minorUnits: -(supplierPayables[supplier] ?? 0))
        case .distributor(let distributor): Money(minorUnits: -(distributorPayables[distributor] ?? 0))
        }
    }

    /// Adds one line of the current event's posting.
    mutating func add(_ amount: Int64, to account: Account) {
        openSum += amount
        switch account {
        case .gateway: gateway += amount
        case .escrow: escrow += amount
        case .platformMarkup: platformMarkup += amount
        case .platformFees: platformFees += amount
        case .supplierPayable(let supplier): supplierPayables[supplier, default: 0] += amount
        case .distributorPayable(let distributor): distributorPayables[distributor, default: 0] += amount
        }
    }

    /// Ends an event's posting: its lines must have summed to zero (double entry).
    mutating func closeEvent() {
        precondition(openSum == 0, "postings of one event must sum to zero")
    }

    /// Posts `amount` from `credit` to `debit` (two lines) and closes the event.
    mutating func post(_ amount: Money, debit: Account, credit: Account) {
        add(amount.minorUnits, to: debit)
        add(-amount.minorUnits, to: credit)
        closeEvent()
    }

    /// The sum of every balance (zero when double entry holds).
    var total: Int64 {
        gateway + escrow + platformMarkup + platformFees + supplierPayables.values.reduce(0, +)
            + distributorPayables.values.reduce(0, +)
    }

    /// Every account whose balance is not zero.
    var nonZero: [Account: Money] {
        var result = [Account: Money]()
        let fixed: [(Account, Int64)] = [(.gateway, gateway), (.escrow, escrow),
                                         (.platformMarkup, platformMarkup), (.platformFees, platformFees)]
        for (account, balance) in fixed where balance != 0 { result[account] = Money(minorUnits: balance) }
        for (supplier, balance) in supplierPayables where balance != 0 {
            result[.supplierPayable(supplier)] = Money(minorUnits: balance)
        }
        for (distributor, balance) in distributorPayables where balance != 0 {
            result[.distributorPayable(distributor)] = Money(minorUnits: balance)
        }
        return result
    }
}
