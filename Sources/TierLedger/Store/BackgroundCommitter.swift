/// Group commit on threads of its own: while one batch of decided events is encoded and framed
/// there (and the one before it sealed, written and fsync'd by a `LogPipeline`), the engine
/// decides the next batch on the caller's thread.
///
/// Batches are written in the order they were handed over, each with one write and one fsync.
/// Nothing is durable, and nothing may be acknowledged, until `finish` has returned without
/// error. At most `depth` batches wait; `enqueue` blocks beyond that, so
/// memory stays bounded. The first write failure stops all later writes and is rethrown by the
/// next `enqueue` and by `finish`.
///
/// A `gate` runs first on the log's writing thread: nothing at all is written unless it says
/// yes (`append` waits there for its parser's verdict on the whole input while the engine
/// already decides). Meanwhile batches are still framed and held, up to `gatedBytesLimit`
/// bytes of records, so the engine is not held up by the check; a refusal is rethrown like a
/// write failure.
final class BackgroundCommitter: @unchecked Sendable {
    private let queue: BatchQueue<Event>
    private let writing: BackgroundTask<StoreError?>

    init(log: LogWriter, depth: Int = 2, gatedBytesLimit: Int = LogPipeline.gatedBytesLimit,
         gate: @escaping @Sendable () -> StoreError?) {
        let queue = BatchQueue<Event>(depth: depth)
        let log = UncheckedLog(writer: log)
        self.queue = queue
        writing = BackgroundTask(name: "tierledger-commit") {
            let pipeline: LogPipeline
            do throws(StoreError) { pipeline = try LogPipeline(writer: log.writer, gate: gate, gatedBytesLimit: gatedBytesLimit) } catch {
                queue.close()
                return error
            }
            var written: [Event]?
            var failure: StoreError?
            while failure == nil, let batch = queue.pop(handingBack: written.take()) {
                do throws(StoreError) {
                    try batch.withUnsafeBufferPointer { batch throws(StoreError) in try pipeline.append(batch) }
                } catch {
                    failure = error
                }
                written = batch
            }
            do throws(StoreError) { try pipeline.finish() } catch { failure = failure ?? error }
            if failure != nil { queue.close() }
            return failure
        }
    }

    /// Hands a batch over; returns once it is queued (not yet durable).
    func enqueue(_ events: consuming [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        guard queue.push(consume events) else {
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
