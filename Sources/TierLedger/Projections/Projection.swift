/// A fold over the log's events with its own state and invariants (SPEC §8). Projections never
/// re-decide or re-price: every figure comes from the recorded facts. The same events in the
/// same order always give the same state.
///
/// A projection sees each event together with the `OrderCatalog` as it stood *before* that
/// event, so that an `order.paid`, a refund or a settlement run can find the order it names
/// without every projection keeping its own copy of every order.
protocol Projection: Equatable, Sendable {
    /// Folds `event`. `sale` is the sale it records, `PaidSale.recorded(by: event, orders:
    /// orders)`: worked out once by whoever feeds several projections the same event (a paid
    /// reservation's fact is rebuilt from the catalog, so each projection doing it again cost
    /// a tenth of a cold replay).
    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError)

    /// Whether the catalog run beside this fold (`CatalogReplay`) keeps every order: true for
    /// all but a fold that looks up only a few orders (a trace), which says which with
    /// `keepsOrder`. Such a fold is handed no sales (`sale` is `nil`), and its catalog passes
    /// over the events of orders it does not keep, so that its memory follows the orders the
    /// fold follows instead of the log.
    var keepsEveryOrder: Bool { get }

    /// Whether the catalog keeps the order `fact` places (`reserved`: reserves) when
    /// `keepsEveryOrder` is false; asked after the fold has seen the event.
    func keepsOrder(_ fact: OrderFact, reserved: Bool) -> Bool

    /// Whether a skimmed record (what it names, and the tables to read its handles) may
    /// concern this fold, for a replay that skims (`LogScanner.interest`): a superset of the
    /// records whose events `apply` acts on. Every record, by default.
    func mayConcern(_ mentions: RecordMentions, _ tables: LogDictionary) -> Bool

    /// Told of each record a skimming replay passes over (not applied), with its time.
    mutating func passedOver(at time: Timestamp)
}

extension Projection {
    var keepsEveryOrder: Bool { true }

    func keepsOrder(_ fact: OrderFact, reserved: Bool) -> Bool { true }

    func mayConcern(_ mentions: RecordMentions, _ tables: LogDictionary) -> Bool { true }

    mutating func passedOver(at time: Timestamp) {}

    /// Folds `event` into this projection alone.
    mutating func apply(_ event: Event, orders: OrderCatalog) throws(ReplayError) {
        try apply(event, sale: try PaidSale.recorded(by: event, orders: orders), orders: orders)
    }
}

/// The part of the log a report looks at (SPEC §8): everything up to and including record
/// `untilSequence`, and everything whose `at` is at or before `asOf`. Because ledger time never
/// runs backwards, both cuts are prefixes of the log, and the answer equals what a ledger
/// holding only that prefix would say.
public struct ReplayCut: Equatable, Sendable {
    public var untilSequence: UInt64?
    public var asOf: Timestamp?

    public init(untilSequence: UInt64? = nil, asOf: Timestamp? = nil) {
        self.untilSequence = untilSequence
        self.asOf = asOf
    }

    public static let everything = ReplayCut()

    public var isEverything: Bool { untilSequence == nil && asOf == nil }

    /// Whether `event` is inside the cut. `ledger.created` (which has no time) always is.
    public func admits(_ event: Event) -> Bool {
        admits(sequence: event.sequence, at: event.at)
    }

    /// Whether the event with this sequence number and time is inside the cut.
    func admits(sequence: UInt64, at: Timestamp?) -> Bool {
        if let untilSequence, sequence > untilSequence { return false }
        if let asOf, let at, at > asOf { return false }
        return true
    }
}

/// A half-open period `[from, to)` of ledger time for period reports; either end may be open.
public struct Period: Equatable, Sendable {
    public var from: Timestamp?
    public var to: Timestamp?

    public init(from: Timestamp? = nil, to: Timestamp? = nil) {
        self.from = from
        self.to = to
    }

    public static let always = Period()

    public var isAlways: Bool { from == nil && to == nil }

    public func contains(_ time: Timestamp) -> Bool {
        if let from, time < from { return false }
        if let to, time >= to { return false }
        return true
    }
}

/// Checked arithmetic for projections. The engine bounds every ledger's volume so that sums
/// never overflow, but a projection must not trust that: a log forged past its checksums could
/// carry any figure, and an overflow there is an error naming the event, never a trap.
extension Int64 {
    func adding(_ other: Int64, in event: UInt64) throws(ReplayError) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard !overflow else { throw ReplayError(sequence: event, message: "a total overflows 64 bits") }
        return sum
    }

    func subtracting(_ other: Int64, in event: UInt64) throws(ReplayError) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard !overflow else { throw ReplayError(sequence: event, message: "a total overflows 64 bits") }
        return difference
    }

    func multiplied(by other: Int64, in event: UInt64) throws(ReplayError) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard !overflow else { throw ReplayError(sequence: event, message: "a product overflows 64 bits") }
        return product
    }
}

extension ReplayError {
    init(_ event: Event, _ message: String) {
        self.init(sequence: event.sequence, eventType: event.body.typeName, message)
    }

    /// An error about the event of `sequence`, whose type is `eventType` (`type: message`).
    init(sequence: UInt64, eventType: String, _ message: String) {
        self.init(sequence: sequence, message: "\(eventType): \(message)")
    }
}
