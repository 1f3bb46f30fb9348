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

    /// Adds a batch (producer); false when the consumer has stopped taking them.
    func push(_ batch: [Element]) -> Bool {
        var done: [[Element]] = []
        defer { done.removeAll() }  // freed here, on the producer's thread, after unlocking
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth, !closed { condition.wait() }
        swap(&done, &consumed)
        guard !closed else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
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
    func pop(handingBack finished: [Element]? = nil) -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        if let finished { consumed.append(finished) }
        while batches.isEmpty, !ended, !closed { condition.wait() }
        guard !batches.isEmpty, !closed else { return nil }
        condition.broadcast()
        return batches.removeFirst()
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

/// Runs `body` on a thread of its own; `wait` returns its result.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    init(name: String = "tierledger-worker", _ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let result = body()
            condition.lock()
            value = result
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }
}
