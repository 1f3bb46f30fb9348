import TierLedger

/// A seeded market made for the cases dispute tools get wrong: three skus with a few codes a
/// batch, so stock runs out and new batches arrive between a reservation and its payment;
/// reservations of 10 s to 10 min, so most expire and many are paid late, taking units anew;
/// refunds, disputes, settlements, voids, reprices and markup changes mixed in; a three-level
/// tree beside a lone root. `WorkloadGenerator` aims at the engine's rules and rarely lets a
/// late payment take a code added after its reservation; here that happens in most ledgers.
///
/// Deterministic for a seed (`SplitMix64`). Many commands are rejected (paying what is gone,
/// refunding too much): the ledger records the order rejections too.
struct DisputeWorkload {
    private var random: SplitMix64
    private var seconds: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    private var commands: [Command] = []
    private var batches = 0
    private var codes = 0

    static let skus = ["K1", "K2", "K3"]
    static let distributors = ["D1", "D2", "D3", "D4"]

    /// The commands of seed `seed`: a fixed catalogue, then `count` random commands.
    static func commands(seed: UInt64, count: Int = 300) -> [Command] {
        var workload = DisputeWorkload(random: SplitMix64(seed: seed))
        workload.catalogue()
        var reserved: [String] = []
        var placed: [String] = []
        var disputes: [String] = []
        for index in 0..<count {
            let roll = workload.integer(0...99)
            let sku = workload.pick(skus)
            let distributor = workload.pick(distributors)
            let request = OrderRequest(order: "O\(index)", distributor: distributor, sku: sku,
                                       quantity: Int64(workload.integer(1...2)), buyer: workload.pick(["a", "b", "c"]),
                                       expectUnitPrice: nil)
            switch roll {
            case 0..<12:
                workload.addStock(sku)
            case 12..<30:
                workload.add(.reserveOrder(request, ttlSeconds: workload.pick([10, 60, 600])))
                reserved.append(request.order)
            case 30..<45 where !reserved.isEmpty:
                workload.add(.payOrder(order: workload.pick(reserved)))
            case 45..<50 where !reserved.isEmpty:
                workload.add(.cancelOrder(order: workload.pick(reserved)))
            case 30..<68:
                workload.add(.placeOrder(request))
                placed.append(request.order)
            case 68..<74 where !(placed + reserved).isEmpty:
                workload.add(.refundOrder(refund: "R\(index)", order: workload.pick(placed + reserved),
                                          amount: Money(minorUnits: workload.pick([50, 100, 10_000])), reason: nil))
            case 74..<78 where !(placed + reserved).isEmpty:
                workload.add(.openDispute(dispute: "X\(index)", order: workload.pick(placed + reserved), reason: "no code"))
                disputes.append("X\(index)")
            case 78..<82 where !disputes.isEmpty:
                workload.add(.resolveDispute(dispute: workload.pick(disputes),
                                             outcome: workload.pick([.refund, .reject]), amount: nil))
            case 68..<88:
                workload.add(.runSettlement)
            case 88..<91:
                workload.add(.repriceProduct(sku: sku, cost: Money(minorUnits: workload.pick([700, 800, 900]))))
            case 91..<94:
                workload.add(.setDistributorMarkup(distributor: distributor, sku: workload.pick(["*", sku]),
                                                   rule: .bps(workload.pick([0, 200, 800]))))
            case 94..<96:
                workload.add(.voidStock(sku: sku, batch: "B\(workload.integer(1...workload.batches))", count: 1,
                                        reason: "bad"))
            case 96..<98:
                workload.add(.makePayout(payout: "P\(index)", party: .distributor(distributor),
                                         amount: Money(minorUnits: 10)))
            default:
                // An order id again: a duplicate or an id conflict.
                let again = OrderRequest(order: workload.pick(placed + ["Z"]), distributor: distributor, sku: sku,
                                         quantity: 1, buyer: "a", expectUnitPrice: nil)
                workload.add(.placeOrder(again))
            }
        }
        return workload.commands
    }

    private mutating func catalogue() {
        add(.registerSupplier(supplier: "S1", name: "s1"))
        add(.registerSupplier(supplier: "S2", name: "s2"))
        for (sku, supplier, face, cost, hours) in [("K1", "S1", 1_000, 800, 48 as Int64?), ("K2", "S2", 2_000, 1_500, nil),
                                                   ("K3", "S1", 500, 400, 0)] {
            add(.listProduct(ProductListing(sku: sku, supplier: supplier, name: "k", face: Money(minorUnits: Int64(face)),
                                            cost: Money(minorUnits: Int64(cost)), refundHours: hours)))
        }
        add(.setPlatformMarkup(sku: "*", rule: .bps(300)))
        add(.joinDistributor(distributor: "D1", name: "d", parent: nil))
        add(.joinDistributor(distributor: "D2", name: "d", parent: "D1"))
        add(.joinDistributor(distributor: "D3", name: "d", parent: "D2"))
        add(.joinDistributor(distributor: "D4", name: "d", parent: nil))
        for distributor in Self.distributors {
            add(.setDistributorMarkup(distributor: distributor, sku: "*", rule: .bps(pick([0, 500, 1_000]))))
        }
        add(.setOverride(distributor: "D1", bps: 1_000))
        add(.setOverride(distributor: "D2", bps: 500))
        for sku in Self.skus { addStock(sku) }
    }

    /// One to three units: codes mostly, anonymous units one time in five.
    private mutating func addStock(_ sku: String) {
        batches += 1
        let count = integer(1...3)
        if integer(0...4) == 0 {
            add(.addStock(sku: sku, batch: "B\(batches)", units: .count(Int64(count))))
        } else {
            let batchCodes = (0..<count).map { _ in
                codes += 1
                return "C\(codes)"
            }
            add(.addStock(sku: sku, batch: "B\(batches)", units: .codes(batchCodes)))
        }
    }

    /// A command at the next time (1 s to an hour later).
    private mutating func add(_ action: Command.Action) {
        seconds += Int64(pick([1, 5, 30, 60, 120, 600, 3_600]))
        commands.append(Command(at: Timestamp(millisecondsSinceEpoch: seconds * 1_000), action: action))
    }

    private mutating func integer(_ range: ClosedRange<Int>) -> Int {
        Int(random.integer(in: Int64(range.lowerBound)...Int64(range.upperBound)))
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[integer(0...(choices.count - 1))]
    }
}
