/// The simulator's per-sku markup rules, keyed by `(distributor << 32) | sku`: an
/// open-addressing hash table with linear probing and a multiplicative hash, several times
/// cheaper to probe than `Dictionary` (whose hash is keyed per process), with each key next
/// to its rule so that a probe touches one cache line. Pricing probes it for every step of
/// every quote. It is looked up, never iterated.
///
/// Invariant: at most half the entries are used, so every probe ends at an empty entry.
struct RuleTable {
    private struct Entry {
        var key: Int64
        var rule: SimulatedRule
    }

    private static var empty: Int64 { -1 }
    private var entries: [Entry]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        entries = [Entry](repeating: Entry(key: Self.empty, rule: .none), count: 1_024)
        shift = 64 - 10
    }

    @inline(__always)
    private func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The rule stored for `key`, if any (`key` ≥ 0).
    @inline(__always)
    func rule(for key: Int64) -> SimulatedRule? {
        entries.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var index = home(key)
            while true {
                let entry = table[index]
                if entry.key == key { return entry.rule }
                if entry.key == Self.empty { return nil }
                index = (index + 1) & mask
            }
        }
    }

    /// Stores `rule` for `key` (≥ 0); `true` when the key is new.
    @discardableResult
    mutating func set(_ rule: SimulatedRule, for key: Int64) -> Bool {
        precondition(key >= 0, "rule keys are non-negative")
        if (count + 1) * 2 > entries.count { grow() }
        let mask = entries.count - 1
        var index = home(key)
        while entries[index].key != Self.empty, entries[index].key != key { index = (index + 1) & mask }
        let isNew = entries[index].key == Self.empty
        entries[index] = Entry(key: key, rule: rule)
        if isNew { count += 1 }
        return isNew
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(key: Self.empty, rule: .none), count: old.count * 2)
        shift -= 1
        count = 0
        for entry in old where entry.key != Self.empty {
            set(entry.rule, for: entry.key)
        }
    }
}
