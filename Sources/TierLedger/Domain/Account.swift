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
struct AccountBalances: Sendable {
    private(set) var balances: [Account: Int64] = [:]

    func balance(_ account: Account) -> Money {
        Money(minorUnits: balances[account] ?? 0)
    }

    /// What a party can withdraw: the credit balance of its payable account.
    func available(_ party: Party) -> Money {
        switch party {
        case .supplier(let supplier): Money(minorUnits: -(balances[.supplierPayable(supplier)] ?? 0))
        case .distributor(let distributor):
            Money(minorUnits: -(balances[.distributorPayable(distributor)] ?? 0))
        }
    }

    mutating func post(_ postings: [Posting]) {
        var sum: Int64 = 0
        for posting in postings {
            sum += posting.amount.minorUnits
            balances[posting.account, default: 0] += posting.amount.minorUnits
        }
        precondition(sum == 0, "postings of one event must sum to zero")
    }

    /// Every account whose balance is not zero.
    var nonZero: [Account: Money] {
        var result = [Account: Money]()
        for (account, balance) in balances where balance != 0 {
            result[account] = Money(minorUnits: balance)
        }
        return result
    }
}
