/// A fold that answers one question (a statement, a risk scan with its own thresholds), run
/// beside an order catalog of its own instead of inside `LedgerProjections`: it sees every
/// event with the orders as they stood before it, like any projection.
///
/// Invariant: `orders` has applied exactly the events `fold` has seen, in log order (keeping
/// only the orders `fold` asks for when it does not keep every order).
struct CatalogReplay<Fold: Projection> {
    private(set) var orders = OrderCatalog()
    private(set) var fold: Fold
    private var lastSequence: UInt64 = 0

    init(_ fold: Fold) {
        self.fold = fold
    }

    mutating func apply(_ event: Event) throws(ReplayError) {
        guard event.sequence == lastSequence + 1 else {
            throw ReplayError(sequence: event.sequence,
                              message: "expected sequence number \(lastSequence + 1)")
        }
        if fold.keepsEveryOrder {
            try fold.apply(event, orders: orders)
            try orders.apply(event)
        } else {
            try fold.apply(event, sale: nil, orders: orders)
            try orders.apply(event) { fact, reserved in fold.keepsOrder(fact, reserved: reserved) }
        }
        lastSequence = event.sequence
    }

    /// Folds `events` (a whole log from `ledger.created`, or a prefix of one) in order.
    static func run(_ fold: Fold, over events: some Sequence<Event>) throws(ReplayError) -> CatalogReplay {
        var replay = CatalogReplay(fold)
        for event in events { try replay.apply(event) }
        return replay
    }
}

extension LedgerDirectory {
    /// Replays every event inside `cut` through `fold` and its own order catalog (on a second
    /// thread when `concurrently`, see `scan`).
    func replay<Fold: Projection>(_ fold: Fold, cut: ReplayCut, validPrefix: Bool, concurrently: Bool = true)
        throws(StoreError) -> CatalogReplay<Fold> {
        var replay = CatalogReplay(fold)
        try self.replay(cut: cut, validPrefix: validPrefix, concurrently: concurrently) { event throws(ReplayError) in
            try replay.apply(event)
        }
        return replay
    }
}
