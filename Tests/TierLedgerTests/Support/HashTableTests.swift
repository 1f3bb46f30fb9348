import Testing
@testable import TierLedger

@Suite struct HashTableTests {
    struct Entry: Equatable {
        var count: Int
        var items: [Int]
    }

    @Test func readsLikeADictionary() {
        var table = HashTable<String, Entry>()
        var reference = [String: Entry]()
        for number in 0..<2_000 {
            let key = "K\(number % 700)"
            if table[key] == nil {
                table[key] = Entry(count: 0, items: [])
                reference[key] = Entry(count: 0, items: [])
            }
            table[key]?.count += 1
            table[key]?.items.append(number)
            reference[key]?.count += 1
            reference[key]?.items.append(number)
        }
        #expect(table.count == reference.count)
        for (key, entry) in reference {
            #expect(table[key] == entry, "\(key)")
            #expect(table.read(key) { $0.items.count } == entry.items.count)
        }
        #expect(table["absent"] == nil)
        #expect(table.read("absent") { $0.count } == nil)
        #expect(Array(table.keys.prefix(3)) == ["K0", "K1", "K2"])
        #expect(table.values.map(\.count).reduce(0, +) == 2_000)
    }

    @Test func mutatesInPlaceWithoutCopyingInnerArrays() {
        var table = HashTable<String, Entry>()
        table["a"] = Entry(count: 0, items: [1, 2, 3])
        let before = table.read("a") { $0.items.withUnsafeBufferPointer { $0.baseAddress } }
        table["a"]?.items[0] = 9
        let after = table.read("a") { $0.items.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(before == after)
        #expect(table["a"]?.items == [9, 2, 3])
    }
}
