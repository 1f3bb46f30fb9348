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
            #expect(table.contains(key))
        }
        #expect(table["absent"] == nil)
        #expect(!table.contains("absent"))
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

    @Test func handlesReadAndChangeWithoutTheKey() {
        var table = HashTable<String, Entry>()
        for number in 0..<100 { table["K\(number)"] = Entry(count: number, items: [number]) }
        for number in 0..<100 {
            let key = "K\(number)"
            let handle = table.handle(of: key, hash: key.stableHash)
            #expect(handle == number, "handles are positions in order of insertion")
            #expect(table.keys[number] == key)
            #expect(table.read(handle: number) { $0.count } == number)
            #expect(table.read(key, hash: key.stableHash) { $0.items } == [number])
            table[handle: number]?.items.append(-number)
        }
        #expect(table.handle(of: "absent", hash: "absent".stableHash) == nil)
        #expect(table.read("absent", hash: "absent".stableHash) { $0.count } == nil)
        #expect(table["K7"]?.items == [7, -7])
        #expect(table[handle: 7]?.count == 7)
        let before = table.read(handle: 3) { $0.items.withUnsafeBufferPointer { $0.baseAddress } }
        table[handle: 3]?.items[0] = 30
        #expect(table.read(handle: 3) { $0.items.withUnsafeBufferPointer { $0.baseAddress } } == before)
        #expect(table["K3"]?.items == [30, -3])
    }

    @Test func modifyAndSetChangeInPlace() {
        var table = HashTable<String, Entry>()
        table.set(Entry(count: 1, items: [1]), for: "a")
        table.set(Entry(count: 2, items: [2]), for: "b")
        table.set(Entry(count: 3, items: [3]), for: "a")  // replaces, keeps a's handle
        #expect(Array(table.keys) == ["a", "b"])
        #expect(table["a"] == Entry(count: 3, items: [3]))
        let before = table.read("a") { $0.items.withUnsafeBufferPointer { $0.baseAddress } }
        let count = table.modify(handle: 0) { entry -> Int? in
            entry?.items[0] = 30
            entry?.count += 1
            return entry?.count
        }
        #expect(count == 4)
        #expect(table.read("a") { $0.items.withUnsafeBufferPointer { $0.baseAddress } } == before)
        #expect(table.modify("b") { $0?.items.append(20) } != nil)
        #expect(table.modify("absent") { $0?.count = 9 } == nil)
        #expect(table["a"] == Entry(count: 4, items: [30]))
        #expect(table["b"] == Entry(count: 2, items: [2, 20]))
        #expect(table.count == 2)
    }
}
