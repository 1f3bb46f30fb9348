/// A reservation the simulator placed: its held units and its frozen price, until it is
/// paid, cancelled or expired and its follow-up command (if any) has been written.
struct SimulatedReservation {
    enum Status: UInt8 {
        case free, live, expired, paid, cancelled
    }

    var order: Int64 = 0
    var sku: Int32 = 0
    var seller: Int32 = 0
    var quantity: Int64 = 0
    var deadline: Int64 = 0
    var status = Status.free
    var takes = BatchTakes()
    var quote = PriceQuote()
    /// Frozen with the price when the reservation was made (overrides included).
    var legs = OrderLegs(supplier: 0, supplierAmount: 0, depth: 0)
    /// A pay or cancel is scheduled for it, so the record must outlive its expiry.
    var awaitingTask = false
}
