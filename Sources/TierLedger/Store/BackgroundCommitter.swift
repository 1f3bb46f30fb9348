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
    private let queue: BatchQueue<Event>
    private let writing: BackgroundTask<StoreError?>

    init(log: LogWriter, depth: Int = 2, gate: @escaping @Sendable () -> StoreError?) {
        let queue = BatchQueue<Event>(depth: depth)
        let log = UncheckedLog(writer: log)
        self.queue = queue
        writing = BackgroundTask(name: "tierledger-commit") {
            if let refused = gate() {
                queue.close()
                return refused
            }
            var written: [Event]?
            while let batch = queue.pop(handingBack: written.take()) {
                do throws(StoreError) {
                    try log.writer.append(batch)
                } catch {
                    queue.close()
                    return error
                }
                written = batch
            }
            return nil
        }
    }

    /// Hands a batch over; returns once it is queued (not yet durable).
    func enqueue(_ events: [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        guard queue.push(events) else {
            throw writing.wait() ?? StoreError(.io, "the log's commit thread has stopped")
        }
    }

    /// Waits until every batch handed over is durable; the first failure, if any.
    func finish() throws(StoreError) {
        queue.end()
        if let failure = writing.wait() { throw failure }
    }

    /// The log writer, used by the committer's thread alone until `finish` returns.
    private struct UncheckedLog: @unchecked Sendable {
        let writer: LogWriter
    }
}
