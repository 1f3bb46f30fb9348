/// Live reservations ordered by deadline, then by the sequence number of the reserving event:
/// the order in which they expire. Entries of reservations that were paid or cancelled
/// meanwhile are skipped lazily by the caller (`LedgerState.dueReservations`).
struct ReservationQueue: Sendable {
    struct Entry: Comparable, Sendable {
        var deadline: Timestamp
        var sequence: UInt64
        var order: String

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.deadline, lhs.sequence) < (rhs.deadline, rhs.sequence)
        }
    }

    private var heap = MinHeap<Entry>()

    var isEmpty: Bool { heap.isEmpty }
    var first: Entry? { heap.first }

    mutating func insert(_ entry: Entry) {
        heap.insert(entry)
    }

    mutating func removeFirst() {
        _ = heap.popFirst()
    }

    /// Entries with `deadline ≤ time`, in expiry order, without removing them.
    func due(at time: Timestamp) -> [Entry] {
        heap.smallest { $0.deadline <= time }
    }
}

extension LedgerState {
    /// Live reservations whose deadline is ≤ `time`, in expiry order (SPEC §5).
    func dueReservations(at time: Timestamp) -> [ReservationQueue.Entry] {
        reservations.due(at: time).filter { orders.read($0.order, { $0.status }) == .reserved }
    }
}
