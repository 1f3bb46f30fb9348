/// Money leaving escrow: settlement runs (hourly in a full market), weekly payouts to the
/// suppliers and distributors with the most to withdraw, monthly supplier fees.
///
/// What a party may withdraw is estimated from the legs of clean orders (never refunded or
/// disputed) released by a run at least a hold after payment, less payouts and fees. The
/// engine's balance is never lower: refunds and disputes only ever take back part of what
/// their order paid in. The estimate assumes the default 24-hour hold.
extension MarketSimulator {
    mutating func schedulePeriodicRounds() {
        let start = MarketShape.startMilliseconds
        schedule(.settlement, at: start + shape.settlementIntervalMilliseconds)
        schedule(.payoutRound, at: start + 7 * 86_400_000 + 2 * 3_600_000)
        schedule(.feeRound, at: MarketStatistics.monthStarts[1] + 3 * 3_600_000)
    }

    /// A settlement run; the clean orders it releases become withdrawable.
    mutating func settlementAction() -> Command.Action {
        while releaseHead < releases.count, releases[releaseHead].releaseAt <= now {
            let legs = releases[releaseHead].legs
            supplierBalances[Int(legs.supplier)] += legs.supplierAmount
            for level in 0..<legs.depth {
                distributorBalances[Int(legs.distributors[level])] += legs.amounts[level]
            }
            releaseHead += 1
        }
        if releaseHead >= 4_096, releaseHead * 2 >= releases.count {
            releases.removeFirst(releaseHead)
            releaseHead = 0
        }
        return .runSettlement
    }

    /// Every Monday: payouts for the parties with the most to withdraw (half of the week's
    /// budget for suppliers), spread over the following minutes.
    mutating func payoutRound(scheduledAt time: Int64) -> Command.Action? {
        schedule(.payoutRound, at: time + 7 * 86_400_000)
        let supplierCount = Swift.max(1, shape.payoutsPerWeek / 2)
        let suppliers = richest(supplierBalances, minimum: 10_000, count: supplierCount)
        let distributors = richest(distributorBalances, minimum: 5_000,
                                   count: shape.payoutsPerWeek - suppliers.count)
        let spacing = Swift.max(60_000, shape.meanStepMilliseconds / 2)
        var offset: Int64 = 0
        for supplier in suppliers {
            offset += spacing
            schedule(.payout(supplier: Int32(supplier), distributor: -1), at: now + offset)
        }
        for distributor in distributors {
            offset += spacing
            schedule(.payout(supplier: -1, distributor: Int32(distributor)), at: now + offset)
        }
        return nil
    }

    /// The indices of the `count` largest balances of at least `minimum` (ties by index).
    private func richest(_ balances: [Int64], minimum: Int64, count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let eligible = balances.indices.filter { balances[$0] >= minimum }
        let sorted = eligible.sorted { (balances[$0], $1) > (balances[$1], $0) }
        return Array(sorted.prefix(count))
    }

    /// Pays out 50–90% of the estimated balance, in whole yuan.
    mutating func payoutAction(supplier: Int, distributor: Int) -> Command.Action? {
        let balance = supplier >= 0 ? supplierBalances[supplier] : distributorBalances[distributor]
        let amount = balance * random.draw(in: 50...90) / 100 / 100 * 100
        guard amount >= 100 else { return nil }
        let party: Party
        if supplier >= 0 {
            supplierBalances[supplier] -= amount
            party = .supplier(supplierIDs[supplier])
        } else {
            distributorBalances[distributor] -= amount
            party = .distributor(distributorIDs[distributor])
        }
        payoutSerial += 1
        return .makePayout(payout: SimulatedIdentifiers.make("P", payoutSerial, width: 8), party: party,
                           amount: Money(minorUnits: amount))
    }

    /// On the first of each month: every supplier's listing fee, spread over the morning.
    mutating func feeRound(scheduledAt time: Int64) -> Command.Action? {
        let month = MarketStatistics.month(of: time)
        if month + 1 < 24 {
            schedule(.feeRound, at: MarketStatistics.monthStarts[month + 1] + 3 * 3_600_000)
        }
        let spacing = Swift.max(60_000, shape.meanStepMilliseconds / 2)
        for supplier in 0..<supplierIDs.count {
            schedule(.fee(supplier: Int32(supplier), month: Int32(month)),
                     at: now + Int64(supplier + 1) * spacing)
        }
        return nil
    }

    mutating func feeAction(supplier: Int, month: Int) -> Command.Action? {
        let amount = random.draw(in: 50...300) * 100
        supplierBalances[supplier] -= amount
        feeSerial += 1
        let period = "\(2024 + month / 12)-" + (month % 12 + 1 < 10 ? "0" : "") + "\(month % 12 + 1)"
        return .chargeFee(fee: SimulatedIdentifiers.make("F", feeSerial, width: 6),
                          supplier: supplierIDs[supplier], amount: Money(minorUnits: amount),
                          memo: "\(period) listing fee")
    }
}
