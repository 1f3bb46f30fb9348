import Foundation
import Testing
@testable import TierLedger

@Suite struct BatchQueueTests {
    @Test func batchesArriveInOrderAcrossThreadsAndTheQueueStaysBounded() {
        let queue = BatchQueue<Int>(depth: 2)
        let producer = BackgroundTask { () -> Bool in
            for start in stride(from: 0, to: 10_000, by: 10) {
                guard queue.push(Array(start..<(start + 10))) else { return false }
            }
            queue.end()
            return true
        }
        var received = [Int]()
        var previous: [Int]?
        while let batch = queue.pop(handingBack: previous.take()) {
            received += batch
            previous = batch
        }
        #expect(producer.wait())
        #expect(received == Array(0..<10_000))
    }

    @Test func aClosedQueueRefusesBatchesAndEndsTheConsumer() {
        let queue = BatchQueue<Int>(depth: 1)
        #expect(queue.push([1]))
        // A producer blocked on a full queue is released by `close` with a refusal.
        let blocked = BackgroundTask { queue.push([2]) }
        queue.close()
        #expect(blocked.wait() == false)
        #expect(queue.push([3]) == false)
        #expect(queue.pop() == nil)
    }

    @Test func anEndedQueueStillDeliversWhatWaits() {
        let queue = BatchQueue<Int>(depth: 4)
        #expect(queue.push([1, 2]))
        #expect(queue.push([3]))
        queue.end()
        #expect(queue.pop() == [1, 2])
        #expect(queue.pop(handingBack: [1, 2]) == [3])
        #expect(queue.pop(handingBack: [3]) == nil)
    }
}
