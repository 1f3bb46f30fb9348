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

    /// `StableHash.of` reads whole words, and a string's bytes in place; it must give what the
    /// definition gives byte by byte (the length, each eight bytes as a little-endian word, then
    /// the rest, mixed in that order), for every length and wherever a string keeps its bytes.
    /// The fixed values hold the definition itself still (computed 2026-12-06 by the code
    /// before the in-place read).
    @Test func stableHashesFollowTheBytewiseDefinition() {
        func reference(_ bytes: [UInt8]) -> UInt64 {
            var hash = UInt64(bytes.count)
            var word: UInt64 = 0
            for (index, byte) in bytes.enumerated() {
                word |= UInt64(byte) << UInt64(8 * (index % 8))
                if index % 8 == 7 {
                    hash = StableHash.combine(hash, word)
                    word = 0
                }
            }
            return StableHash.finish(StableHash.combine(hash, word))
        }
        var random = SplitMix64(seed: 7)
        for length in 0...40 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                #expect(bytes.withUnsafeBytes { StableHash.of(bytes: $0) } == reference(bytes), "\(length) bytes")
            }
        }
        // Small (inline) and large strings, ASCII and not, and a substring's copy.
        let long = "a-long-identifier-of-many-words"
        for string in ["", "D0001", "O000012345", "QQ-0001-0002-3", long, "卡盟-ö", String(long.dropFirst(3))] {
            #expect(string.stableHash == reference(Array(string.utf8)), "\(string)")
        }
        #expect("".stableHash == 0x1551_05a0_563a_073c)
        #expect("O000012345".stableHash == 0xc58f_5655_8459_77ca)
        #expect(long.stableHash == 0x7c0f_ee9d_5f07_5ed6)
        #expect("卡盟".stableHash == 0xbad5_0f67_d33d_5369)
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
