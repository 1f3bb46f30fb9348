/// A map from keys to values for the ledger's state: ids to products, batches, distributors
/// and the like, which every command looks up several times.
///
/// It reads like a `Dictionary` (`table[id]`, `table[id]?.field = …`, `table[id] = value` for a
/// new key) but finds keys through a `HandleIndex` with a fixed hash instead of a seeded
/// SipHash per lookup, and keeps entries densely in the order they were added. Entries are
/// never removed: the ledger's ids are never reused (SPEC §2).
///
/// Invariants: `keys`, `slots` and the index hold the same entries at the same handles; every
/// slot is non-nil (an access that sets one to nil traps). Values are mutated in place in their
/// slot, so the arrays inside them stay uniquely referenced.
struct HashTable<Key: StablyHashable, Value> {
    private var index = HandleIndex()
    // Chunked: a table of every order or code grows to millions of entries, and an `Array`
    // would copy itself whole at each doubling (see `ChunkedArray`).
    private(set) var keys = ChunkedArray<Key>()
    private var slots = ChunkedArray<Value?>()

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// The values in the order their keys were added.
    var values: LazyMapSequence<ChunkedArray<Value?>, Value> {
        slots.lazy.map { value in
            guard let value else { preconditionFailure("a hash table slot is empty outside an access") }
            return value
        }
    }

    func handle(of key: Key) -> Int? {
        find(key, hash: key.stableHash)
    }

    /// Whether `key` has a value: `table[key] != nil` without the copy of the value the
    /// subscript returns (which retains every string and array inside it).
    func contains(_ key: Key) -> Bool {
        handle(of: key) != nil
    }

    /// `handle(of:)` with the key's `stableHash` computed by the caller, who looks the same key
    /// up in several tables (a sku in the catalogue and in every markup table of a chain).
    func handle(of key: Key, hash: UInt64) -> Int? {
        find(key, hash: hash)
    }

    /// Asks for the index slot a lookup (or an insertion) of `key` starts from to be brought
    /// into the cache: a caller that looks up many keys of a large table in a row (a batch's
    /// codes among every code known) asks some keys ahead (`LedgerState.prefetchCodeOwner`).
    @inline(__always)
    func prefetch(_ key: Key) {
        index.prefetch(hash: key.stableHash)
    }

    private func find(_ key: Key, hash: UInt64) -> Int? {
        index.find(hash: hash) { handle in keys.read(at: handle) { $0 == key } }
    }

    /// `body` applied to the value for `key`, which it borrows: reading a few fields of a large
    /// value this way does not copy (and retain) the whole of it.
    func read<Result>(_ key: Key, _ body: (Value) -> Result) -> Result? {
        guard let handle = handle(of: key) else { return nil }
        return slots.read(at: handle) { $0.map(body) }
    }

    /// `read(_:_:)` with the key's hash known (see `handle(of:hash:)`).
    func read<Result>(_ key: Key, hash: UInt64, _ body: (Value) -> Result) -> Result? {
        guard let handle = find(key, hash: hash) else { return nil }
        return slots.read(at: handle) { $0.map(body) }
    }

    /// `body` applied to the value at `handle` (from `handle(of:)`, or `count` before the
    /// key was added), which it borrows.
    func read<Result>(handle: Int, _ body: (Value) -> Result) -> Result {
        slots.read(at: handle) { slot in
            guard let result = slot.map(body) else {
                preconditionFailure("a hash table slot is empty outside an access")
            }
            return result
        }
    }

    /// The value at `handle`, read and changed in place like `table[key]` but without hashing
    /// the key: `table[handle: h]?.field = …`. Always non-nil for a valid handle.
    subscript(handle handle: Int) -> Value? {
        _read { yield slots[handle] }
        _modify {
            // In place: the slot array is uniquely referenced here, so the arrays inside the
            // value stay uniquely referenced too, and nothing is moved.
            defer { precondition(slots[handle] != nil, "entries of a hash table are never removed") }
            yield &slots[handle]
        }
    }

    /// `body` applied to the value at `handle`, changed in place. The hot paths use this (and
    /// `set`) rather than `table[…]?.field = …`: a `_modify` accessor that the compiler does
    /// not inline allocates its coroutine frame on the heap (a malloc and a free per access),
    /// a closure does not. `body` must leave the value non-nil.
    @inline(__always)
    mutating func modify<Result>(handle: Int, _ body: (inout Value?) -> Result) -> Result {
        slots.modify(at: handle, body)
    }

    /// `modify(handle:_:)` for the value of `key`; `nil` when the key is absent.
    @inline(__always)
    mutating func modify<Result>(_ key: Key, _ body: (inout Value?) -> Result) -> Result? {
        guard let handle = find(key, hash: key.stableHash) else { return nil }
        return modify(handle: handle, body)
    }

    /// Sets the value of `key`, adding the key when it is new (`table[key] = value` without a
    /// coroutine; see `modify(handle:_:)`).
    mutating func set(_ value: consuming Value, for key: Key) {
        let hash = key.stableHash
        if let handle = find(key, hash: hash) {
            slots[handle] = value
        } else {
            insert(value, for: key, hash: hash)
        }
    }

    subscript(key: Key) -> Value? {
        get {
            guard let handle = handle(of: key) else { return nil }
            return slots[handle]
        }
        _modify {
            let hash = key.stableHash
            if let handle = find(key, hash: hash) {
                defer { precondition(slots[handle] != nil, "entries of a hash table are never removed") }
                yield &slots[handle]
            } else {
                var value: Value? = nil
                defer { if let value { insert(value, for: key, hash: hash) } }
                yield &value
            }
        }
    }

    /// Adds `value` for `key`, whose `stableHash` is `hash`, without looking the key up: the
    /// caller has just found that it is absent.
    mutating func add(_ value: consuming Value, for key: Key, hash: UInt64) {
        insert(value, for: key, hash: hash)
    }

    private mutating func insert(_ value: consuming Value, for key: Key, hash: UInt64) {
        index.insert(hash: hash, handle: keys.count)
        keys.append(key)
        slots.append(value)
    }
}

extension HashTable: Sendable where Value: Sendable {}

/// Equal when the same keys were added in the same order with equal values (the order is part
/// of a table's state: it is the order the ledger met the ids).
extension HashTable: Equatable where Value: Equatable {
    static func == (left: HashTable, right: HashTable) -> Bool {
        left.keys == right.keys && left.values.elementsEqual(right.values)
    }
}
