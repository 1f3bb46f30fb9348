/// Live reservations ordered by deadline, then by the sequence number of the reserving event:
/// the order in which they expire. A binary min-heap; entries of reservations that were paid
/// or cancelled meanwhile are skipped lazily by the caller (`LedgerState.dueReservations`).
struct ReservationQueue: Sendable {
    struct Entry: Sendable {
        var deadline: Timestamp
        var sequence: UInt64
        var order: String

        func precedes(_ other: Entry) -> Bool {
            (deadline, sequence) < (other.deadline, other.sequence)
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    var first: Entry? { heap.first }

    mutating func insert(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// Entries with `deadline ≤ time`, in expiry order, without removing them.
    func due(at time: Timestamp) -> [Entry] {
        var result = [Entry]()
        var frontier = heap.isEmpty ? [] : [0]
        while let index = frontier.popLast() {
            guard heap[index].deadline <= time else { continue }
            result.append(heap[index])
            for child in [2 * index + 1, 2 * index + 2] where child < heap.count {
                frontier.append(child)
            }
        }
        return result.sorted { $0.precedes($1) }
    }
}
