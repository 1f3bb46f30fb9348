/// A reservation's deadline in the simulator's expiry heap; `order` tells a stale entry
/// (its record reused) from a live one and makes the order total.
struct ReservationDeadline: Comparable {
    var deadline: Int64
    var order: Int64
    var record: Int32

    static func < (lhs: ReservationDeadline, rhs: ReservationDeadline) -> Bool {
        (lhs.deadline, lhs.order) < (rhs.deadline, rhs.order)
    }
}
