import Foundation

/// Group commit on a thread of its own: while one batch of decided events is encoded, framed,
/// hashed, written and fsync'd there, the engine decides the next batch on the caller's thread.
///
/// Batches are written in the order they were handed over, each with one write and one fsync
/// (`LogWriter.append`). Nothing is durable, and nothing may be acknowledged, until `finish`
/// has returned without error. At most `depth` batches wait; `enqueue` blocks beyond that, so
/// memory stays bounded. The first write failure stops all later writes and is rethrown by the
/// next `enqueue` and by `finish`.
///
/// A `gate` runs first on the committer's thread: nothing at all is written unless it says
/// yes (`append` checks its whole input there while the engine already decides).
final class BackgroundCommitter: @unchecked Sendable {
    private let log: LogWriter
    private let depth: Int
    private let condition = NSCondition()
    private var waiting: [[Event]] = []
    /// Batches written, waiting to be freed on the thread that made them: memory freed on
    /// another thread than the one that allocated it goes back to that thread's malloc arena
    /// under its lock, and the engine allocates from that arena all the time.
    private var written: [[Event]] = []
    private var noMoreInput = false
    private var done = false
    private var failure: StoreError?

    init(log: LogWriter, depth: Int = 2, gate: @escaping @Sendable () -> StoreError?) {
        self.log = log
        self.depth = depth
        let thread = Thread { [self] in run(gate) }
        thread.name = "tierledger-commit"
        thread.start()
    }

    /// Hands a batch over; returns once it is queued (not yet durable).
    func enqueue(_ events: [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        var finished: [[Event]] = []
        defer { finished.removeAll() }  // freed here, on the caller's thread, after unlocking
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= depth, failure == nil, !done { condition.wait() }
        swap(&finished, &written)
        if let failure { throw failure }
        guard !done else { throw StoreError(.io, "the log's commit thread has stopped") }
        waiting.append(events)
        condition.broadcast()
    }

    /// Waits until every batch handed over is durable; the first failure, if any.
    func finish() throws(StoreError) {
        condition.lock()
        noMoreInput = true
        condition.broadcast()
        while !done { condition.wait() }
        let failure = failure
        condition.unlock()
        if let failure { throw failure }
    }

    private func run(_ gate: () -> StoreError?) {
        if let refused = gate() {
            stop(refused)
            return
        }
        while true {
            condition.lock()
            while waiting.isEmpty, !noMoreInput { condition.wait() }
            // The batch stays in `waiting` (it counts against `depth`) until it is written.
            guard var batch = waiting.first else {
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
            let error = write(batch)
            batch = []  // this thread's reference goes before the batch is handed back
            if let error {
                stop(error)
                return
            }
            condition.lock()
            written.append(waiting.removeFirst())
            condition.broadcast()
            condition.unlock()
        }
    }

    private func write(_ batch: [Event]) -> StoreError? {
        do throws(StoreError) {
            try log.append(batch)
            return nil
        } catch {
            return error
        }
    }

    private func stop(_ error: StoreError) {
        condition.lock()
        failure = error
        waiting.removeAll()
        done = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Runs `body` on a thread of its own; `wait` returns its result.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let result = body()
            condition.lock()
            value = result
            condition.broadcast()
            condition.unlock()
        }
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

/// Batches from one thread to another, first in, first out. At most `depth` batches wait:
/// `push` blocks beyond that, so a fast producer never holds more than that in memory.
final class BatchQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private let depth: Int
    private var batches: [[Element]] = []
    /// Batches the consumer is done with, freed by the producer (see `BackgroundCommitter.written`).
    private var consumed: [[Element]] = []
    private var ended = false
    private var closed = false

    init(depth: Int = 4) {
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
        if let finished { consumed.append(finished) }
        defer { condition.unlock() }
        while batches.isEmpty, !ended { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }

    /// The consumer takes no more: waiting and later batches are dropped.
    func close() {
        condition.lock()
        closed = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
