import Testing
@testable import TierLedger

@Suite struct HandleIndexTests {
    @Test func findsEveryInsertedValueAcrossGrowth() {
        var index = HandleIndex()
        var values = [String]()
        for number in 0..<50_000 {
            let value = "O\(number)"
            #expect(index.find(hash: value.stableHash) { values[$0] == value } == nil)
            index.insert(hash: value.stableHash, handle: values.count)
            values.append(value)
        }
        #expect(index.count == values.count)
        for (handle, value) in values.enumerated() {
            #expect(index.find(hash: value.stableHash) { values[$0] == value } == handle, "\(value)")
        }
        #expect(index.find(hash: "O50000".stableHash) { values[$0] == "O50000" } == nil)
    }

    @Test func equalHashesAreToldApartByTheValues() {
        // Every value gets the same hash: lookups must fall back to comparing values.
        var index = HandleIndex()
        let values = (0..<100).map { "S\($0)" }
        for handle in values.indices { index.insert(hash: 42, handle: handle) }
        for (handle, value) in values.enumerated() {
            #expect(index.find(hash: 42) { values[$0] == value } == handle)
        }
        #expect(index.find(hash: 42) { _ in false } == nil)
    }

    /// The candidate a prefetch reads is the handle a lookup finds, when no other value shares
    /// its tag; with every hash equal, it is the first inserted.
    @Test func theFirstCandidateIsWhatALookupCompares() {
        var index = HandleIndex()
        let values = (0..<5_000).map { "B\($0)" }
        for handle in values.indices { index.insert(hash: values[handle].stableHash, handle: handle) }
        for (handle, value) in values.enumerated() {
            #expect(index.firstCandidate(hash: value.stableHash) == handle)
        }
        var same = HandleIndex()
        for handle in 0..<10 { same.insert(hash: 7 << 32, handle: handle) }
        #expect(same.firstCandidate(hash: 7 << 32) == 0)
        #expect(same.firstCandidate(hash: 8 << 32) == nil)
    }

    @Test func stableHashesAreFixedFunctionsOfTheBytes() {
        // Not seeded per process: the same value hashes the same in every run.
        #expect("".stableHash == "".stableHash)
        #expect("D0001".stableHash != "D0002".stableHash)
        #expect("a-long-identifier-of-many-words".stableHash != "a-long-identifier-of-many-wordz".stableHash)
        #expect(String(repeating: "x", count: 8).stableHash != String(repeating: "x", count: 9).stableHash)
    }

    @Test func firstRepeatedIndexFindsTheFirstRepeat() {
        #expect([String]().firstRepeatedIndex() == nil)
        #expect(["a"].firstRepeatedIndex() == nil)
        #expect((0..<5_000).map { "O\($0)" }.firstRepeatedIndex() == nil)
        #expect(["a", "b", "c", "b", "a"].firstRepeatedIndex() == 3)
        #expect(["a", "a"].firstRepeatedIndex() == 1)
        let prints = (0..<300).map { Fingerprint(high: UInt64($0 % 7), low: UInt64($0 / 7)) }
        #expect(prints.firstRepeatedIndex() == nil)
        #expect((prints + [prints[123]]).firstRepeatedIndex() == 300)
    }
}
