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

    /// `push(ifRoom:)` never waits: a full queue leaves the batch with the caller, a closed
    /// one says so, and a batch it takes arrives in order with the others.
    @Test func pushingIfThereIsRoomNeverWaits() {
        let queue = BatchQueue<Int>(depth: 2)
        var batch = [1, 2]
        #expect(queue.push(ifRoom: &batch) == .taken)
        #expect(batch.isEmpty)
        #expect(queue.push([3]))
        batch = [4]
        #expect(queue.push(ifRoom: &batch) == .full)
        #expect(batch == [4])
        #expect(queue.pop() == [1, 2])
        #expect(queue.push(ifRoom: &batch) == .taken)
        #expect(queue.pop(handingBack: [1, 2]) == [3])
        #expect(queue.pop(handingBack: [3]) == [4])
        #expect(queue.handedBackCount == 2)
        batch = [5]
        #expect(queue.push(ifRoom: &batch) == .taken)
        #expect(queue.handedBackCount == 0)  // taken by the push, freed after it
        queue.close()
        batch = [6]
        #expect(queue.push(ifRoom: &batch) == .closed)
        #expect(batch == [6])
    }

    /// An answer waited for on other threads reaches every one of them once given.
    @Test func anAnswerReachesEveryWaiter() {
        let answer = Answer<Int?>()
        let waiters = (0..<3).map { _ in BackgroundTask { answer.wait() } }
        answer.give(nil)
        for waiter in waiters { #expect(waiter.wait() == .some(nil)) }
        let second = Answer<Int?>()
        second.give(7)
        #expect(second.wait() == 7)
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

    /// Counts its instances still alive, to see when a batch's elements are freed.
    private final class Tracked: @unchecked Sendable {
        let counter: Counter
        init(_ counter: Counter) { self.counter = counter; counter.alive += 1 }
        deinit { counter.alive -= 1 }
    }

    private final class Counter: @unchecked Sendable {
        var alive = 0
    }

    @Test func spentBatchesAreFreedOneElementAtATimeAndRefilled() {
        let counter = Counter()
        let queue = BatchQueue<Tracked>(depth: 4)
        var spent = SpentBatches<Tracked>()
        #expect(queue.push((0..<3).map { _ in Tracked(counter) }, handingBackTo: &spent))
        var held = queue.pop()
        #expect(queue.push([Tracked(counter)], handingBackTo: &spent))
        held = queue.pop(handingBack: held.take())
        #expect(held?.count == 1)
        // The first batch comes back with the next push; nothing of it is freed yet.
        #expect(queue.push([Tracked(counter)], handingBackTo: &spent))
        #expect(counter.alive == 5)
        for expected in [4, 3, 2, 2] {
            spent.freeOne()
            #expect(counter.alive == expected)
        }
        // The emptied batch is filled again, its room kept.
        let refill = spent.emptyBatch(capacity: 3)
        #expect(refill.isEmpty && refill.capacity >= 3)
    }

    @Test func thePlainPushFreesWhatWasHandedBack() {
        let counter = Counter()
        let queue = BatchQueue<Tracked>(depth: 4)
        #expect(queue.push([Tracked(counter), Tracked(counter)]))
        var held = queue.pop()
        #expect(queue.push([Tracked(counter)]))
        held = queue.pop(handingBack: held.take())
        #expect(held?.count == 1 && counter.alive == 3)
        #expect(queue.push([Tracked(counter)]))
        #expect(counter.alive == 2)
    }

    /// A consumer waiting for its next batch holds no reference to the one it handed back, so
    /// the producer frees that batch's elements in place instead of copying the batch first.
    @Test func aConsumerWaitingForTheNextBatchNoLongerHoldsTheOneItHandedBack() throws {
        let counter = Counter()
        let queue = BatchQueue<Tracked>(depth: 4)
        #expect(queue.push([Tracked(counter), Tracked(counter)]))
        // The consumer keeps the batch it gets next, so that only the first one can be freed.
        let consumer = BackgroundTask { () -> [Tracked] in
            var held = queue.pop()
            return queue.pop(handingBack: held.take()) ?? []
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        while queue.handedBackCount == 0 {
            try #require(clock.now < deadline, "the consumer never handed its batch back")
            Thread.sleep(forTimeInterval: 0.001)
        }
        var spent = SpentBatches<Tracked>()
        #expect(queue.push([Tracked(counter)], handingBackTo: &spent))
        // Freed at once: a reference still held by the consumer would keep the element alive.
        spent.freeOne()
        #expect(counter.alive == 2)
        #expect(consumer.wait().count == 1)
    }

    /// `push(emptying:)` leaves the producer's variable empty and keeps no reference to what it
    /// handed over: once handed back, the batch's elements are freed one at a time, in place.
    @Test func pushingEmptyingHandsTheBatchOverWhole() {
        let counter = Counter()
        let queue = BatchQueue<Tracked>(depth: 4)
        var spent = SpentBatches<Tracked>()
        var filling = [Tracked(counter), Tracked(counter)]
        #expect(queue.push(emptying: &filling, handingBackTo: &spent))
        #expect(filling.isEmpty)
        var held = queue.pop()
        filling.append(Tracked(counter))
        #expect(queue.push(emptying: &filling, handingBackTo: &spent))
        held = queue.pop(handingBack: held.take())
        #expect(queue.push([], handingBackTo: &spent))
        #expect(counter.alive == 3)
        spent.freeOne()
        #expect(counter.alive == 2)
        #expect(held?.count == 1)
    }
}
