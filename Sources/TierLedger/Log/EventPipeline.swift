import Foundation

/// Runs a replay's visitor on a second thread, so that reading, checking and decoding the log
/// (the scanning thread) and applying its events (the visitor) use two cores at once.
///
/// Events go across in batches of `batchSize`, in order; at most `depth` batches wait, and the
/// scanning thread blocks beyond that, so memory stays bounded whatever the log's size. The
/// visitor sees every event exactly once and in log order, on one thread only, and it is
/// finished with (`finish` or `cancel`) before the scan returns, so the state it folds into is
/// never touched by two threads at a time.
///
/// When the visitor throws, the pipeline remembers the first failure and the sequence number of
/// the event that caused it, consumes nothing more, and `add` throws from then on.
final class EventPipeline: @unchecked Sendable {
    typealias Visitor = (Event) throws(ReplayError) -> Void

    /// The first event the visitor refused, and why.
    struct Failure {
        var sequence: UInt64
        var error: ReplayError
    }

    /// Whether a second thread can help: on one core it would only add hand-offs. Setting
    /// `TIERLEDGER_REPLAY_THREADS=1` keeps replays on one thread (to compare, or to debug).
    static let isWorthwhile: Bool = {
        if ProcessInfo.processInfo.environment["TIERLEDGER_REPLAY_THREADS"] == "1" { return false }
        return ProcessInfo.processInfo.activeProcessorCount > 1
    }()

    /// Dropped once the visitor is done with: a scan's non-escaping visitor must not outlive it.
    private var visit: Visitor?
    private let batchSize: Int
    private let depth: Int
    /// Guards everything below it; signalled whenever any of it changes.
    private let condition = NSCondition()
    private var waiting: [[Event]] = []
    /// Batches visited, freed back on the scanning thread that decoded them (memory freed on
    /// another thread returns to its owner's malloc arena under that arena's lock, which the
    /// scanning thread takes all the time).
    private var visited: [[Event]] = []
    private var noMoreInput = false
    private var consumerDone = false
    private var failure: Failure?
    /// The batch being filled on the scanning thread (not shared).
    private var filling: [Event] = []

    init(batchSize: Int = 2_048, depth: Int = 4, visit: @escaping Visitor) {
        self.visit = visit
        self.batchSize = batchSize
        self.depth = depth
        filling.reserveCapacity(batchSize)
        let thread = Thread { [self] in consume() }
        thread.name = "tierledger-replay"
        thread.start()
    }

    /// Hands one event to the visitor (scanning thread only).
    func add(_ event: Event) throws(ReplayError) {
        filling.append(event)
        if filling.count >= batchSize { try handOver() }
    }

    /// Waits until the visitor has seen every event added; the visitor's failure, if any.
    func finish() -> Failure? {
        if failure == nil, !filling.isEmpty { try? handOver() }
        return close(discarding: false)
    }

    /// Stops the visitor after the batch it is on and waits for it (the scan failed).
    func cancel() {
        _ = close(discarding: true)
    }

    private func handOver() throws(ReplayError) {
        var finished: [[Event]] = []
        defer { finished.removeAll() }  // freed after unlocking
        condition.lock()
        swap(&finished, &visited)
        while waiting.count >= depth, failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure.error
        }
        waiting.append(filling)
        condition.broadcast()
        condition.unlock()
        filling = []
        filling.reserveCapacity(batchSize)
    }

    private func close(discarding: Bool) -> Failure? {
        condition.lock()
        noMoreInput = true
        if discarding { waiting.removeAll() }
        condition.broadcast()
        while !consumerDone { condition.wait() }
        visit = nil
        let failure = failure
        condition.unlock()
        return failure
    }

    /// The second thread: takes batches in order until input ends or the visitor fails.
    private func consume() {
        while true {
            condition.lock()
            while waiting.isEmpty, !noMoreInput { condition.wait() }
            guard !waiting.isEmpty else {
                consumerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = waiting.removeFirst()
            condition.broadcast()
            condition.unlock()
            let refused = visitAll(batch)
            condition.lock()
            visited.append(consume batch)  // moved: the scanning thread holds the last reference
            condition.unlock()
            if let refused {
                condition.lock()
                failure = refused
                consumerDone = true
                waiting.removeAll()
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    /// Visits a batch; the first refusal. (A function of its own, so that the visitor is not
    /// held past it.)
    private func visitAll(_ batch: [Event]) -> Failure? {
        guard let visit else { return nil }
        for event in batch {
            do throws(ReplayError) {
                try visit(event)
            } catch {
                return Failure(sequence: event.sequence, error: error)
            }
        }
        return nil
    }
}
