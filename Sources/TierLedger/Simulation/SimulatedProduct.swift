/// One sku as the simulator tracks it: price inputs (cost, platform rule, floor, ceiling)
/// and stock (its batches live in the simulator's batch tables).
///
/// Invariant: `available` equals the sum of its batches' available units and is what the
/// engine reports as available (neither reserved, delivered nor voided) once every command
/// so far has been applied.
struct SimulatedProduct {
    /// The popularity slot the sku fills; a replacement takes over a delisted sku's slot.
    var slot: Int32
    var supplier: Int32
    var costMinorUnits: Int64
    var faceMinorUnits: Int64
    /// The refund window in hours; −1 means no limit (the field is absent), 0 no refunds.
    var refundHours: Int64
    /// The platform's rule for this sku; `.none` means the `"*"` rule applies.
    var platformRule: SimulatedRule = .none
    /// 0 means none.
    var floorMinorUnits: Int64 = 0
    /// 0 means none.
    var ceilingMinorUnits: Int64 = 0
    var delisted = false
    /// Code batches (game cards) rather than anonymous top-up units.
    var usesCodes: Bool
    /// The first letter of this sku's codes.
    var codeInitial: UInt8
    var available: Int64 = 0
    /// Units ordered from the supplier and not yet added.
    var restocking: Int64 = 0
    /// Position in the sku's batch list before which every batch is empty.
    var firstBatchPosition = 0
}
