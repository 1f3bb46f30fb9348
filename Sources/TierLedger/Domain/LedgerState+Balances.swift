/// The balances of SPEC §7 named by `Account` (party ids), from `AccountBalances`, which keeps
/// the parties' payables by handle.
extension LedgerState {
    /// The account a party's payable lines are posted to; the party must be known.
    func postingAccount(_ party: Party) -> PostingAccount {
        switch party {
        case .supplier(let id):
            guard let handle = suppliers.handle(of: id) else { preconditionFailure("unknown supplier \(id)") }
            return .supplierPayable(handle)
        case .distributor(let id):
            guard let handle = distributors.handle(of: id) else {
                preconditionFailure("unknown distributor \(id)")
            }
            return .distributorPayable(handle)
        }
    }

    /// What a party can withdraw: the credit balance of its payable account (zero if unknown).
    func available(_ party: Party) -> Money {
        let payable: Int64 = switch party {
        case .supplier(let id): suppliers.handle(of: id).map(balances.supplierPayable) ?? 0
        case .distributor(let id): distributors.handle(of: id).map(balances.distributorPayable) ?? 0
        }
        return Money(minorUnits: -payable)
    }

    /// Every account whose balance is not zero.
    var nonZeroBalances: [Account: Money] {
        var result = [Account: Money]()
        let fixed: [(Account, Int64)] = [(.gateway, balances.gateway), (.escrow, balances.escrow),
                                         (.platformMarkup, balances.platformMarkup),
                                         (.platformFees, balances.platformFees)]
        for (account, balance) in fixed where balance != 0 { result[account] = Money(minorUnits: balance) }
        let (supplierPayables, distributorPayables) = balances.nonZeroPayables
        for (handle, balance) in supplierPayables {
            result[.supplierPayable(suppliers.keys[handle])] = Money(minorUnits: balance)
        }
        for (handle, balance) in distributorPayables {
            result[.distributorPayable(distributors.keys[handle])] = Money(minorUnits: balance)
        }
        return result
    }
}
