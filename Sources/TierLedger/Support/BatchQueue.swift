import Foundation

/// Batches from one thread to another, first in, first out: the one hand-off of the replay
/// pipeline, `append`'s parser and the background committer.
///
/// At most `depth` batches wait; `push` blocks beyond that, so a fast producer never holds more
/// than that in memory. The consumer hands each batch it is done with back (`pop(handingBack:)`)
/// and the producer frees it on its next `push`: memory freed on another thread than the one
/// that allocated it goes back to that thread's malloc arena under the arena's lock, and the
/// producer allocates from it all the time (at 2 M commands those waits were a tenth of
/// `append`'s samples).
///
/// Batches change hands, never shared: `push` and `pop(handingBack:)` take theirs (consuming
/// parameters), so no thread holds a second reference while the other goes on. A reference
/// kept by the caller for the length of the call (as with a borrowed parameter) was enough,
/// when the other side was quick, for the consumer to find a batch shared and copy it whole to
/// modify it, or for the batch to be freed by whichever side let go last (at 2 M commands,
/// `verify` copied almost every batch: each event's strings and arrays retained again).
final class BatchQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private let depth: Int
    private var batches: [[Element]] = []
    private var consumed: [[Element]] = []
    private var ended = false
    private var closed = false

    init(depth: Int) {
        self.depth = depth
    }

    /// Adds a batch (producer); false when the consumer has stopped taking them. The batches
    /// handed back since the last push are freed here, after unlocking.
    func push(_ batch: consuming [Element]) -> Bool {
        var spent = SpentBatches<Element>()
        return push(batch, handingBackTo: &spent)
    }

    /// Hands over what `batch` holds and leaves it empty: the way for a producer that goes on
    /// filling the same variable. (Passing the variable to `push(_:)` and emptying it after
    /// would compile too, but as a copy: the batch would be shared until the caller let go.)
    func push(emptying batch: inout [Element]) -> Bool {
        var spent = SpentBatches<Element>()
        return push(emptying: &batch, handingBackTo: &spent)
    }

    /// `push(emptying:)`, moving the batches handed back into `spent` (see below).
    func push(emptying batch: inout [Element], handingBackTo spent: inout SpentBatches<Element>) -> Bool {
        var taken: [Element] = []
        swap(&taken, &batch)
        return push(consume taken, handingBackTo: &spent)
    }

    /// Adds a batch (producer), moving the batches handed back since the last push into
    /// `spent`, for the producer to free bit by bit as it goes; false when the consumer has
    /// stopped taking batches.
    func push(_ batch: consuming [Element], handingBackTo spent: inout SpentBatches<Element>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth, !closed { condition.wait() }
        spent.add(consumed)
        consumed.removeAll()
        guard !closed else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// What `push(ifRoom:)` did with a batch.
    enum Push: Equatable {
        case taken
        /// `depth` batches wait already; the batch was left where it was.
        case full
        /// The consumer has stopped taking batches.
        case closed
    }

    /// `push(emptying:)` without waiting: a full queue leaves `batch` as it was.
    func push(ifRoom batch: inout [Element]) -> Push {
        var spent: [[Element]] = []
        condition.lock()
        let outcome: Push
        if closed {
            outcome = .closed
        } else if batches.count >= depth {
            outcome = .full
        } else {
            swap(&spent, &consumed)
            var taken: [Element] = []
            swap(&taken, &batch)
            batches.append(taken)
            condition.broadcast()
            outcome = .taken
        }
        condition.unlock()
        return outcome  // the batches handed back are freed here, after unlocking
    }

    /// No more batches will come (producer).
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the producer has ended and every batch was taken
    /// (consumer). `finished` is the batch taken before, handed back to be freed.
    func pop(handingBack finished: consuming [Element]? = nil) -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        if let finished = finished.take() { consumed.append(finished) }
        while batches.isEmpty, !ended, !closed { condition.wait() }
        guard !batches.isEmpty, !closed else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }

    /// How many batches the consumer handed back that no push has taken yet (for tests).
    var handedBackCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return consumed.count
    }

    /// Nothing more is taken (either side): waiting and later batches are dropped, and a
    /// blocked `push` or `pop` returns.
    func close() {
        condition.lock()
        closed = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// Batches a consumer handed back (`BatchQueue`), for the producer to free on its own thread
/// one element for each element it makes, and to fill again.
///
/// Why not free a batch whole: a batch of events is thousands of heap blocks, and malloc's
/// per-thread cache keeps only 7 free blocks of a size; freeing them all at once sends the
/// rest to the arena's shared bins, where the producer's next allocations (the same sizes, a
/// moment later) find them by the slow path, merging and splitting. Freed one event per event
/// decoded, each block goes back into the cache just before a block of its size is asked for
/// (`verify` at 2 M commands, four runs each on 2026-12-05: 3.57–3.89 s against 4.01–4.12 s; a
/// cold replay and `export`, whose other thread is the slower, did not change).
///
/// Memory stays bounded: a queue of depth `d` hands back at most `d` batches between two
/// pushes, and they are freed as fast as batches are made. The consumer must keep no copy of
/// a batch it hands back: freeing an element of a shared batch would copy the batch first.
struct SpentBatches<Element>: ~Copyable {
    private var batches: [[Element]] = []
    /// An emptied batch, its capacity kept, for the producer to fill again.
    private var emptied: [Element]?

    init() {}

    mutating func add(_ spent: [[Element]]) {
        batches.append(contentsOf: spent)
    }

    /// Frees one element of the spent batches, if any is left.
    @inline(__always)
    mutating func freeOne() {
        guard !batches.isEmpty else { return }
        batches[batches.count - 1].removeLast()
        if batches[batches.count - 1].isEmpty { emptied = batches.removeLast() }
    }

    /// An empty batch with room for `capacity` elements: an emptied one when there is one.
    mutating func emptyBatch(capacity: Int) -> [Element] {
        var batch = emptied.take() ?? []
        batch.reserveCapacity(capacity)
        return batch
    }
}

/// Runs `body` on a thread of its own; `wait` returns its result.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let result = Answer<Value>()

    init(name: String = "tierledger-worker", _ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [result] in result.give(body()) }
        thread.name = name
        thread.start()
    }

    func wait() -> Value { result.wait() }
}

/// A value one thread gives once and others wait for.
final class Answer<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    init() {}

    /// Gives the answer (once) and wakes every waiter.
    func give(_ answer: Value) {
        condition.lock()
        precondition(value == nil, "an answer is given once")
        value = answer
        condition.broadcast()
        condition.unlock()
    }

    /// The answer, once it is given.
    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }
}

/// A producer's side of a `BatchQueue`: the batch being filled, and the batches the consumer
/// handed back, which the producer frees an element at a time as it adds (`SpentBatches`). One
/// stored value, so that a producer that keeps it in a class's property pays one exclusive
/// access an element (checked at run time) instead of one for each part; the two were 1% of
/// `verify` (`EventPipeline`; `SaleFolding` too).
struct BatchFilling<Element>: ~Copyable {
    var batch: [Element] = []
    private var spent = SpentBatches<Element>()

    init() {}

    /// Adds `element` and frees one spent element; true once the batch holds `batchSize`.
    mutating func add(_ element: consuming Element, batchSize: Int) -> Bool {
        batch.append(element)
        spent.freeOne()
        return batch.count >= batchSize
    }

    /// Hands the batch to `queue` and takes an emptied one to fill next; false when the
    /// consumer has stopped taking batches.
    mutating func handOver(to queue: BatchQueue<Element>, batchSize: Int) -> Bool {
        let taken = queue.push(emptying: &batch, handingBackTo: &spent)
        batch = spent.emptyBatch(capacity: batchSize)
        return taken
    }
}
