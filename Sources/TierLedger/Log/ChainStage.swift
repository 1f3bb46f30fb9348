import Foundation

/// The canonical form of an order's price chain and its `StableHash`, worked out before the
/// order is framed (see `LogDictionary.write(chainOf:supplier:canonical:hash:to:)`).
struct PrecomputedChain {
    var canonical: UnsafeRawBufferPointer
    var hash: UInt64
}

extension OrderFact {
    /// The supplier a chain names: that of the order's first leg ("" if it has none, which
    /// the engine never writes).
    var chainSupplier: String {
        if case .supplier(let id) = legs.first?.party { id } else { "" }
    }
}

/// The chains of one batch's orders in canonical form, worked out by a `ChainStage`, with the
/// rest of each order's record when the stage could work that out too, and what the framing
/// learnt from the orders it could not.
struct ChainForms {
    /// One per order event (`orderPlaced`, `orderReserved`) of the batch, in order.
    struct Form {
        /// The event's position in the batch.
        var index: Int
        /// Where the chain's form lies in `encoding`; empty when the stage did not know every
        /// string the chain names (the writer then works the chain out itself).
        var range: Range<Int>
        var hash: UInt64
        /// The order's other fields, when the chain was worked out: the writer then frames the
        /// record from these and never reads the event.
        var order: Order?
    }

    /// An order record's fields besides its chain.
    struct Order {
        var sequence: UInt64
        var at: Timestamp
        var kind: EventCodec.Kind
        /// A reservation's; 0 for a placed order.
        var ttlSeconds: Int64
        var id: String
        var quantity: Int64
        var buyer: Fingerprint
        var expect: Money?
        /// Where its units lie in `units`.
        var runs: Range<Int>
    }

    /// The forms, back to back.
    private(set) var encoding = ByteWriter(capacity: 1 << 16)
    private(set) var forms: [Form] = []
    /// The orders' units, back to back (a batch id is a small string, copied without a
    /// reference count: the framing thread reads these and not the event's array).
    private(set) var units: [UnitRun] = []
    /// Strings, with their handles, that the framing of the batch found in orders the stage
    /// could not work out: handed back to the stage with the spent forms.
    var learned: [(string: String, handle: Int)] = []

    /// Starts over for another batch (keeping the buffers).
    mutating func removeAll() {
        encoding.bytes.removeAll(keepingCapacity: true)
        forms.removeAll(keepingCapacity: true)
        units.removeAll(keepingCapacity: true)
        learned.removeAll(keepingCapacity: true)
    }

    /// Adds the order at `index` of the batch: the form of its chain and its other fields, if
    /// `known` has a handle for every string the chain names.
    mutating func add(order fact: borrowing OrderFact, index: Int, sequence: UInt64, at: Timestamp?,
                      kind: EventCodec.Kind, ttlSeconds: Int64, known: HashTable<String, Int>) {
        func reference(_ string: String, _ encoding: inout ByteWriter) -> Bool {
            guard let handle = known[string] else { return false }
            encoding.varint(handle + 1)
            return true
        }
        let start = encoding.bytes.count
        guard LogDictionary.encodeCanonically(chainOf: fact, supplier: fact.chainSupplier, into: &encoding,
                                              reference: reference) else {
            encoding.bytes.removeSubrange(start...)
            forms.append(Form(index: index, range: start..<start, hash: 0))
            return
        }
        let hash = encoding.bytes.withUnsafeBytes { StableHash.of(bytes: UnsafeRawBufferPointer(rebasing: $0[start...])) }
        var form = Form(index: index, range: start..<encoding.bytes.count, hash: hash)
        if let at {
            let runsStart = units.count
            units.append(contentsOf: fact.units)
            form.order = Order(sequence: sequence, at: at, kind: kind, ttlSeconds: ttlSeconds, id: fact.order,
                               quantity: fact.quantity, buyer: fact.buyer, expect: fact.expectUnitPrice,
                               runs: runsStart..<units.count)
        }
        forms.append(form)
    }
}

extension ChainForms.Order {
    /// Whether these fields, with `chain` (as encoded by the stage) and `units`, are those of
    /// the order of `event`, its chain encoded from `dictionary`'s handles: the debug builds'
    /// check of every order the stage works out.
    func isWorkedOut(from event: Event, chain: UnsafeRawBufferPointer, units: ArraySlice<UnitRun>,
                     dictionary: LogDictionary) -> Bool {
        let (fact, kind, ttl): (OrderFact, EventCodec.Kind, Int64)
        switch event.body {
        case .orderPlaced(let placed): (fact, kind, ttl) = (placed, .orderPlaced, 0)
        case .orderReserved(let reserved, let ttlSeconds, _): (fact, kind, ttl) = (reserved, .orderReserved, ttlSeconds)
        default: return false
        }
        guard let canonical = dictionary.knownCanonicalForm(ofChainOf: fact, supplier: fact.chainSupplier) else {
            return false
        }
        return sequence == event.sequence && at == event.at && self.kind == kind && ttlSeconds == ttl
            && id == fact.order && quantity == fact.quantity && buyer == fact.buyer && expect == fact.expectUnitPrice
            && units.elementsEqual(fact.units) && chain.elementsEqual(canonical)
    }
}

/// Works out the canonical forms of the price chains of a run of events, batch by batch, on a
/// thread of its own, ahead of the thread that frames them (`LogWriter.append(_:batchSize:)`).
/// A new chain is most of what framing an order costs (its strings' handles, its canonical
/// bytes, their hash), and the framing thread is the log layer's limit; with the form worked
/// out, only the chain table's lookup is left to it. The stage copies each order out of its
/// event to read the chain, and hands the order's other fields over with the form, so that
/// the framing thread does not copy the event again.
///
/// A canonical form names strings by their handles in the writer's table, which the framing
/// thread alone changes. The stage keeps a table of its own of the strings it has been told
/// (`ChainForms.learned`: each string of a chain it could not work out, with the handle the
/// writer gave it), and works out a chain only when it knows every string the chain names.
/// Handles never change, so a form it works out is the writer's own; any other chain the
/// writer works out itself, from the event, as without a stage. Debug builds check every form
/// and every order's fields against the event (`ChainForms.Order.isWorkedOut`).
///
/// The batches are those of the caller: `next` is called once per batch, in order, and
/// returns that batch's forms. At most `depth` batches are worked out ahead. The events must
/// stay in place until `stop` has returned.
final class ChainStage: @unchecked Sendable {
    private let condition = NSCondition()
    private let events: UnsafeBufferPointer<Event>
    private let batchSize: Int
    private var ready: [ChainForms] = []
    private var spare: [ChainForms] = []
    private var stopped = false
    private var worker: BackgroundTask<Bool>?

    static let depth = 2

    init(events: UnsafeBufferPointer<Event>, batchSize: Int) {
        precondition(batchSize > 0, "a batch holds at least one event")
        self.events = events
        self.batchSize = batchSize
        worker = BackgroundTask(name: "tierledger-chains") { [self] in run() }
    }

    /// The forms of the next batch, waiting for them if need be. `spent` (the forms of the
    /// batch before, with what its framing learnt) goes back to the stage.
    func next(returning spent: ChainForms?) -> ChainForms {
        condition.lock()
        defer { condition.unlock() }
        if let spent { spare.append(spent) }
        condition.broadcast()
        while ready.isEmpty { condition.wait() }
        return ready.removeFirst()
    }

    /// Stops working ahead and waits for the thread to end. Call it once, before the events
    /// go away.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        _ = worker?.wait()
    }

    /// The stage's thread: batch after batch until the events end or `stop`.
    private func run() -> Bool {
        var known = HashTable<String, Int>()
        var start = 0
        while start < events.count {
            condition.lock()
            while ready.count >= Self.depth, !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return false
            }
            var forms = spare.popLast() ?? ChainForms()
            condition.unlock()
            for (string, handle) in forms.learned where known[string] == nil {
                known.set(handle, for: string)
            }
            forms.removeAll()
            let end = min(start + batchSize, events.count)
            for index in start..<end {
                switch events[index].body {
                case .orderPlaced(let fact):
                    forms.add(order: fact, index: index - start, sequence: events[index].sequence, at: events[index].at,
                              kind: .orderPlaced, ttlSeconds: 0, known: known)
                case .orderReserved(let fact, let ttlSeconds, let deadline):
                    precondition(events[index].at.map { $0.adding(seconds: ttlSeconds) } == deadline,
                                 "a reservation's deadline is its time plus its ttl")
                    forms.add(order: fact, index: index - start, sequence: events[index].sequence, at: events[index].at,
                              kind: .orderReserved, ttlSeconds: ttlSeconds, known: known)
                default:
                    break
                }
            }
            start = end
            condition.lock()
            ready.append(forms)
            condition.broadcast()
            condition.unlock()
        }
        return true
    }
}
