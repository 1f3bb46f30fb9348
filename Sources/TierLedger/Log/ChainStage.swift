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

/// The chains of one batch's orders in canonical form, worked out by a `ChainStage`, and what
/// the framing learnt from the orders whose chain it could not work out.
struct ChainForms {
    /// One per order event (`orderPlaced`, `orderReserved`) of the batch, in order.
    struct Form {
        /// Where the form lies in `encoding`; empty when the stage did not know every string
        /// the chain names (the writer then works the chain out itself).
        var range: Range<Int>
        var hash: UInt64
    }

    /// The forms, back to back.
    private(set) var encoding = ByteWriter(capacity: 1 << 16)
    private(set) var forms: [Form] = []
    /// Strings, with their handles, that the framing of the batch found in chains the stage
    /// could not work out: handed back to the stage with the spent forms.
    var learned: [(string: String, handle: Int)] = []

    /// Starts over for another batch (keeping the buffers).
    mutating func removeAll() {
        encoding.bytes.removeAll(keepingCapacity: true)
        forms.removeAll(keepingCapacity: true)
        learned.removeAll(keepingCapacity: true)
    }

    /// Adds the form of the chain of `fact`, if `known` has a handle for every string it names.
    mutating func add(chainOf fact: borrowing OrderFact, known: HashTable<String, Int>) {
        let start = encoding.bytes.count
        let worked = LogDictionary.encodeCanonically(chainOf: fact, supplier: fact.chainSupplier,
                                                     into: &encoding) { string, encoding in
            guard let handle = known[string] else { return false }
            encoding.varint(handle + 1)
            return true
        }
        guard worked else {
            encoding.bytes.removeSubrange(start...)
            forms.append(Form(range: start..<start, hash: 0))
            return
        }
        let hash = encoding.bytes.withUnsafeBytes { StableHash.of(bytes: UnsafeRawBufferPointer(rebasing: $0[start...])) }
        forms.append(Form(range: start..<encoding.bytes.count, hash: hash))
    }
}

/// Works out the canonical forms of the price chains of a run of events, batch by batch, on a
/// thread of its own, ahead of the thread that frames them (`LogWriter.append(_:batchSize:)`).
/// A new chain is most of what framing an order costs (its strings' handles, its canonical
/// bytes, their hash), and the framing thread is the log layer's limit; with the form worked
/// out, only the chain table's lookup is left to it.
///
/// A canonical form names strings by their handles in the writer's table, which the framing
/// thread alone changes. The stage keeps a table of its own of the strings it has been told
/// (`ChainForms.learned`: each string of a chain it could not work out, with the handle the
/// writer gave it), and works out a chain only when it knows every string the chain names.
/// Handles never change, so a form it works out is the writer's own; any other chain the
/// writer works out itself, as without a stage. Debug builds check every form against the
/// writer's (`LogDictionary.write(chainOf:supplier:canonical:hash:to:)`).
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
                case .orderPlaced(let fact), .orderReserved(let fact, _, _):
                    forms.add(chainOf: fact, known: known)
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
