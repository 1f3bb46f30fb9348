/// A binary min-heap: the ledger's reservation deadlines, the simulator's agenda of
/// scheduled work and its reservation deadlines.
///
/// Invariant: every element is ≤ its children, so `first` is a smallest element. Elements
/// that compare equal leave in no particular order, so callers make their order total (a
/// sequence number as the last key) to keep the output deterministic.
struct MinHeap<Element: Comparable & Sendable>: Sendable {
    private var elements: [Element] = []

    var isEmpty: Bool { elements.isEmpty }
    var count: Int { elements.count }
    var first: Element? { elements.first }

    mutating func insert(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard elements[child] < elements[parent] else { break }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns a smallest element.
    mutating func popFirst() -> Element? {
        guard let last = elements.popLast() else { return nil }
        guard !elements.isEmpty else { return last }
        let smallest = elements[0]
        elements[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < elements.count else { break }
            let right = left + 1
            let child = right < elements.count && elements[right] < elements[left] ? right : left
            guard elements[child] < elements[parent] else { break }
            elements.swapAt(child, parent)
            parent = child
        }
        return smallest
    }

    /// Every element for which `belongs` holds, in ascending order, without removing any.
    /// `belongs` must be monotone (true for an element implies true for all smaller ones), so
    /// only the subtrees under matching elements are visited.
    func smallest(while belongs: (Element) -> Bool) -> [Element] {
        // Most calls (one per command) find nothing due: answer without allocating.
        guard let first = elements.first, belongs(first) else { return [] }
        var result = [Element]()
        var frontier = elements.isEmpty ? [] : [0]
        while let index = frontier.popLast() {
            guard belongs(elements[index]) else { continue }
            result.append(elements[index])
            for child in [2 * index + 1, 2 * index + 2] where child < elements.count {
                frontier.append(child)
            }
        }
        return result.sorted()
    }
}
