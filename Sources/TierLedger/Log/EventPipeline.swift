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
    struct Failure: Sendable {
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
    private let queue: BatchQueue<Event>
    private var visiting: BackgroundTask<Failure?>?
    /// The scanning thread's side (not shared).
    private var filling = BatchFilling<Event>()

    /// Batches of 512: at 2 M commands, `verify` took 3.02–3.92 s with them against
    /// 3.17–4.53 s with batches of 2,048 (eight runs each) and `export` 3.42–4.19 s against
    /// 3.98–4.47 s (three runs each): events decoded a little before they are applied, and
    /// freed soon after, are more often still in cache.
    init(batchSize: Int = 512, depth: Int = 4, visit: @escaping Visitor) {
        self.visit = visit
        self.batchSize = batchSize
        queue = BatchQueue(depth: depth)
        filling.batch.reserveCapacity(batchSize)
        visiting = BackgroundTask(name: "tierledger-replay") { [self] in consume() }
    }

    /// Hands one event to the visitor (scanning thread only); throws once the visitor has
    /// refused an event.
    func add(_ event: consuming Event) throws(ReplayError) {
        guard filling.add(event, batchSize: batchSize) else { return }
        try handOver()
    }

    /// Waits until the visitor has seen every event added; the visitor's failure, if any.
    func finish() -> Failure? {
        if !filling.batch.isEmpty { try? handOver() }
        queue.end()
        return join()
    }

    /// Stops the visitor after the batch it is on and waits for it (the scan failed).
    func cancel() {
        queue.close()
        _ = join()
    }

    private func handOver() throws(ReplayError) {
        let first = filling.batch[0].sequence
        guard filling.handOver(to: queue, batchSize: batchSize) else {
            throw join()?.error ?? ReplayError(sequence: first, message: "the replay stopped")
        }
    }

    private func join() -> Failure? {
        let failure = visiting?.wait() ?? nil
        visit = nil
        return failure
    }

    /// The second thread: visits batches in order until input ends or the visitor refuses.
    private func consume() -> Failure? {
        var visited: [Event]?
        while var batch = queue.pop(handingBack: visited.take()) {
            if let refused = visitAll(&batch) {
                queue.close()
                return refused
            }
            visited = batch
        }
        return nil
    }

    /// Visits a batch; the first refusal. (A function of its own, so that the visitor is not
    /// held past it.)
    ///
    /// Each event is moved out of the batch, lent to the visitor and moved back: handing the
    /// visitor `batch[i]` copied the event (a retain of each of its strings and arrays, and a
    /// release after), a twentieth of a cold replay's projection thread. It goes back, rather
    /// than being dropped here, so that the batch is still freed by the thread that made it.
    private func visitAll(_ batch: inout [Event]) -> Failure? {
        guard let visit else { return nil }
        return batch.withUnsafeMutableBufferPointer { events -> Failure? in
            guard let first = events.baseAddress else { return nil }
            for index in events.indices {
                let slot = first + index
                let event = slot.move()
                defer { slot.initialize(to: event) }
                do throws(ReplayError) {
                    try visit(event)
                } catch {
                    return Failure(sequence: event.sequence, error: error)
                }
            }
            return nil
        }
    }
}
