import Testing
@testable import TierLedger

@Suite struct StableDictionaryTests {
    struct Failure: Error, Equatable {
        var key: String
    }

    /// Random updates, inserts and reads against a `Dictionary` doing the same.
    @Test func agreesWithADictionary() throws {
        var generator = SplitMix64(seed: 7)
        var stable = StableDictionary<String, [Int]>()
        var reference = [String: [Int]]()
        for step in 0..<5_000 {
            let key = "K\(generator.next() % 900)"
            switch generator.next() % 3 {
            case 0:
                stable.set([step], for: key)
                reference[key] = [step]
            case 1:
                let count = stable.update(key, default: []) { values in
                    values.append(step)
                    return values.count
                }
                reference[key, default: []].append(step)
                #expect(count == reference[key]?.count)
            default:
                #expect(stable[key] == reference[key])
                #expect(stable.index(forKey: key).map { stable.value(at: $0) } == reference[key])
            }
        }
        #expect(stable.count == reference.count)
        #expect(Dictionary(uniqueKeysWithValues: stable.map { ($0, $1) }) == reference)
        #expect(Set(stable.keys) == Set(reference.keys))
        #expect(stable["absent"] == nil && stable.index(forKey: "absent") == nil)
    }

    @Test func changesValuesInPlace() {
        var stable = StableDictionary<String, [Int]>()
        stable.set([1, 2, 3], for: "a")
        guard let index = stable.index(forKey: "a") else {
            Issue.record("the key just set is missing")
            return
        }
        let before = stable.value(at: index).withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        stable.update(at: index) { $0[0] = 9 }
        let after = stable.value(at: index).withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        #expect(before == after, "the array inside was copied")
        #expect(stable["a"] == [9, 2, 3])
    }

    @Test func aThrowingChangeKeepsWhatItDidAndRethrows() {
        var stable = StableDictionary<String, Int>()
        #expect(throws: Failure(key: "a")) {
            try stable.update("a", default: 10) { value throws(Failure) in
                value += 1
                throw Failure(key: "a")
            }
        }
        #expect(stable["a"] == 11, "the key was added with its default, then changed")
        #expect(stable.count == 1)
    }

    @Test func equalWhateverTheOrderKeysCameIn() {
        var forwards = StableDictionary<String, Int>()
        var backwards = StableDictionary<String, Int>()
        for number in 0..<50 { forwards.set(number, for: "K\(number)") }
        for number in (0..<50).reversed() { backwards.set(number, for: "K\(number)") }
        #expect(forwards == backwards)
        #expect(Array(forwards.keys) != Array(backwards.keys), "the orders do differ")
        backwards.update(at: 0) { $0 += 1 }
        #expect(forwards != backwards)
        var fewer = StableDictionary<String, Int>()
        for number in 0..<49 { fewer.set(number, for: "K\(number)") }
        #expect(forwards != fewer)
    }

    /// A snapshot holds the same bytes whether the map was a `Dictionary` or one of these, and
    /// reads back equal; a key written twice is damage.
    @Test func snapshotBytesAreADictionarys() throws {
        var reference = [String: Int64]()
        var stable = StableDictionary<String, Int64>()
        for number in Int64(0)..<300 {
            let key = "S\((number * 37) % 1_000)"
            reference[key] = number
            stable.set(number, for: key)
        }
        var fromDictionary = ByteWriter(capacity: 0)
        reference.write(to: &fromDictionary)
        var fromStable = ByteWriter(capacity: 0)
        stable.write(to: &fromStable)
        #expect(fromStable.bytes == fromDictionary.bytes)
        let decoded = try fromStable.bytes.withUnsafeBufferPointer { bytes in
            var reader = ByteReader(bytes)
            return try StableDictionary<String, Int64>(from: &reader)
        }
        #expect(decoded == stable)

        var twice = ByteWriter(capacity: 0)
        twice.varint(2)
        for _ in 0..<2 {
            "same".write(to: &twice)
            Int64(1).write(to: &twice)
        }
        #expect(throws: LogDecodingError.self) {
            try twice.bytes.withUnsafeBufferPointer { bytes in
                var reader = ByteReader(bytes)
                return try StableDictionary<String, Int64>(from: &reader)
            }
        }
    }

    /// The accounts' hash tells every kind and party apart (balances key by it).
    @Test func accountsHashByKindAndParty() {
        let accounts: [Account] = [.gateway, .escrow, .platformMarkup, .platformFees, .supplierPayable("X"),
                                   .distributorPayable("X"), .supplierPayable("Y"), .distributorPayable("Y")]
        #expect(Set(accounts.map(\.stableHash)).count == accounts.count)
        var balances = StableDictionary<Account, Int64>()
        for (index, account) in accounts.enumerated() { balances.set(Int64(index), for: account) }
        for (index, account) in accounts.enumerated() { #expect(balances[account] == Int64(index)) }
    }
}
