/// A dictionary for the projections' state keyed by ids (a distributor's margins row, an
/// account's balance, a sku's price-war watch) that finds its keys through a `HashTable`, with
/// the fixed `StableHash`, instead of a seeded SipHash per lookup: a cold replay looks such
/// rows up a dozen times a sale, and `Hasher` was a tenth of its projection thread. Values are
/// changed in place. Keys are never removed.
///
/// Unlike a `HashTable`, whose order of keys is part of the engine's state, two of these are
/// equal when they map the same keys to the same values, whatever order the keys came in: a
/// projection restored from a snapshot (keys in byte order) equals the one that wrote it (keys
/// in the order the log met them). As with a `Dictionary`, whatever is shown is sorted first.
struct StableDictionary<Key: StablyHashable & Hashable, Value> {
    private var table = HashTable<Key, Value>()

    init() {}

    var count: Int { table.count }
    var isEmpty: Bool { table.isEmpty }
    /// In the order they were added.
    var keys: ChunkedArray<Key> { table.keys }
    /// In the order of `keys`.
    var values: LazyMapSequence<ChunkedArray<Value?>, Value> { table.values }

    subscript(key: Key) -> Value? { table.read(key) { $0 } }

    /// Where `key` is (for `value(at:)` and `update(at:_:)`), or `nil`.
    func index(forKey key: Key) -> Int? { table.handle(of: key) }

    func value(at index: Int) -> Value { table.read(handle: index) { $0 } }

    /// Sets the value of `key`, adding the key when it is new.
    mutating func set(_ value: consuming Value, for key: Key) {
        table.set(value, for: key)
    }

    /// Changes the value of `key` in place with `body`, adding `key` with `initial` first when
    /// it is new; what `body` returns. When `body` throws, the value keeps what `body` did to it
    /// before it threw (callers stop the replay on an error).
    @discardableResult
    mutating func update<Result, Failure: Error>(_ key: Key, default initial: @autoclosure () -> Value,
                                                 _ body: (inout Value) throws(Failure) -> Result)
        throws(Failure) -> Result {
        let hash = key.stableHash
        let index: Int
        if let found = table.handle(of: key, hash: hash) {
            index = found
        } else {
            index = table.count
            table.add(initial(), for: key, hash: hash)
        }
        return try update(at: index, body)
    }

    /// Changes the value at `index` (from `index(forKey:)`) in place with `body`; what `body`
    /// returns.
    mutating func update<Result, Failure: Error>(at index: Int, _ body: (inout Value) throws(Failure) -> Result)
        throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = table.modify(handle: index) { slot in
            // Moved out and back, so that the arrays inside stay uniquely referenced.
            guard var value = slot.take() else { preconditionFailure("a stable dictionary slot is empty") }
            defer { slot = value }
            do throws(Failure) {
                return .success(try body(&value))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}

extension StableDictionary: Sequence {
    /// The pairs in the order the keys were added.
    func makeIterator() -> Zip2Sequence<ChunkedArray<Key>, LazyMapSequence<ChunkedArray<Value?>, Value>>.Iterator {
        zip(keys, values).makeIterator()
    }

    var underestimatedCount: Int { count }
}

extension StableDictionary: Sendable where Key: Sendable, Value: Sendable {}

extension StableDictionary: Equatable where Value: Equatable {
    /// The same keys with equal values, in whatever order.
    static func == (left: StableDictionary, right: StableDictionary) -> Bool {
        guard left.count == right.count else { return false }
        return zip(left.keys, left.values).allSatisfy { key, value in right[key] == value }
    }
}
