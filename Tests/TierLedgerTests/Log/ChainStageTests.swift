import Foundation
import Testing
@testable import TierLedger

/// `ChainStage` works the orders' price chains out ahead of the framing thread and hands their
/// fields over: the log it helps write is byte for byte the one written without it, it does
/// work most orders out once it has learnt the catalogue's strings, and it leaves an order to
/// the writer whenever it does not know one of its chain's strings.
@Suite struct ChainStageTests {
    /// A simulated market's recorded events (with `ledger.created`), decided through the
    /// library: thousands of orders, most with a chain of their own, and reservations.
    static let marketEvents: [Event] = {
        do {
            let directory = try LogPipelineTests.emptyLedger("market")
            let writer = try directory.openForWriting()
            var simulator = MarketSimulator(seed: 23, events: 6_000)
            while let command = simulator.next() { _ = writer.submit(command) }
            try writer.commit()
            writer.close()
            return try directory.readEvents()
        } catch {
            preconditionFailure("the simulated market is written: \(error)")
        }
    }()

    static func isOrder(_ event: Event) -> Bool {
        let kind = EventCodec.kind(of: event.body)
        return kind == .orderPlaced || kind == .orderReserved
    }

    @Test(arguments: [1, 50, 700, 100_000])
    func theLogItHelpsWriteIsTheOneWrittenWithoutIt(batchSize: Int) throws {
        let events = Array(Self.marketEvents.dropFirst())
        #expect(events.filter(Self.isOrder).count > 1_000)

        let (staged, plain) = try LogPipelineTests.writtenBothWays(events, batchSize: batchSize,
                                                                   segmentSizeLimit: 1 << 16)
        let written = try LogPipelineTests.segments(staged)
        #expect(written.count > 1)
        #expect(written.map(\.name) == (try LogPipelineTests.segments(plain)).map(\.name))
        #expect(written.map(\.bytes) == (try LogPipelineTests.segments(plain)).map(\.bytes))
        #expect(try staged.readEvents().elementsEqual(Self.marketEvents))
        #expect(try LedgerVerifier.verify(staged).isIntact)
    }

    /// Batch by batch as `LogWriter.append(_:batchSize:)` drives it: the first batches' chains
    /// are left to the writer (the stage knows no string yet); what the writer learns from
    /// them lets the stage work out most later chains; the framed bytes are those of a writer
    /// with no stage.
    @Test func itLearnsTheCatalogueAndThenWorksOutMostChains() throws {
        let events = Self.marketEvents
        let batchSize = 200
        var staged = RecordEncoder(codec: EventCodec())
        var plain = RecordEncoder(codec: EventCodec())
        var workedOut = 0
        var leftToWriter = [0, 0]  // in the first half of the batches, in the second
        var learnt = 0
        try events.withUnsafeBufferPointer { events in
            let stage = ChainStage(events: events, batchSize: batchSize)
            defer { stage.stop() }
            var forms: ChainForms?
            var start = 0
            while start < events.count {
                let batch = UnsafeBufferPointer(rebasing: events[start..<min(start + batchSize, events.count)])
                forms = stage.next(returning: forms)
                let given = forms!.forms
                #expect(given.count == batch.filter(Self.isOrder).count)
                #expect(given.allSatisfy { ($0.order != nil) == !$0.range.isEmpty })
                workedOut += given.filter { $0.order != nil }.count
                leftToWriter[start < events.count / 2 ? 0 : 1] += given.filter { $0.order == nil }.count
                var stagedBytes = ByteWriter()
                var plainBytes = ByteWriter()
                staged.frame(batch, chains: &forms, into: &stagedBytes)
                plain.frame(batch, into: &plainBytes)
                try #require(stagedBytes.bytes == plainBytes.bytes)
                // Each learnt string carries the handle the writer gave it.
                for (string, handle) in forms!.learned {
                    #expect(staged.codec.dictionary.strings.values[handle] == string)
                }
                learnt += forms!.learned.count
                start += batchSize
            }
        }
        // A market this small meets new sellers and skus to the end; at 2 M commands the
        // writer works out one chain in 50 itself (README).
        #expect(learnt > 0)
        #expect(workedOut > 2_000)
        #expect(workedOut > 4 * (leftToWriter[0] + leftToWriter[1]))
        #expect(leftToWriter[0] > 2 * leftToWriter[1])
    }

    /// A form is worked out only from strings the stage knows, and is the writer's own; with
    /// it come the order's fields, which the writer then frames without reading the event.
    @Test func aChainNamingAStringTheStageDoesNotKnowIsLeftToTheWriter() throws {
        guard let order = Self.marketEvents.first(where: Self.isOrder),
              case .orderPlaced(let fact) = order.body else {
            Issue.record("the market has a placed order")
            return
        }
        var writer = EventCodec()
        var written = ByteWriter()
        writer.dictionary.write(chainOf: fact, supplier: fact.chainSupplier, to: &written)
        let strings = writer.dictionary.chainStrings(of: fact, supplier: fact.chainSupplier)
        #expect(strings.count >= 4)

        var known = HashTable<String, Int>()
        for (string, handle) in strings { known.set(handle, for: string) }
        var forms = ChainForms()
        func add(knowing known: HashTable<String, Int>) {
            forms.add(order: fact, index: 3, sequence: order.sequence, at: order.at, kind: .orderPlaced, ttlSeconds: 0,
                      known: known)
        }
        add(knowing: known)
        let form = try #require(forms.forms.first)
        #expect(form.index == 3)
        let fields = try #require(form.order)
        #expect(fields.sequence == order.sequence && fields.at == order.at && fields.kind == .orderPlaced)
        #expect(fields.id == fact.order && fields.quantity == fact.quantity && fields.buyer == fact.buyer)
        #expect(fields.expect == fact.expectUnitPrice && forms.units[fields.runs].elementsEqual(fact.units))
        // The writer wrote the chain inline (reference 0) in canonical form plus inline
        // strings; the stage's form is that canonical form: what the chain table holds.
        #expect(!form.range.isEmpty)
        let canonical = Array(forms.encoding.bytes[form.range])
        #expect(writer.dictionary.chains.bytes[writer.dictionary.chains.range(of: 0)].elementsEqual(canonical))
        #expect(form.hash == canonical.withUnsafeBytes { StableHash.of(bytes: $0) })

        // Without the seller's string the stage adds an empty form and no bytes.
        var partial = HashTable<String, Int>()
        for (string, handle) in strings where string != fact.distributor { partial.set(handle, for: string) }
        add(knowing: partial)
        #expect(forms.forms.count == 2)
        #expect(forms.forms[1].range.isEmpty)
        #expect(forms.forms[1].order == nil)
        #expect(forms.encoding.bytes.count == canonical.count)
    }
}
