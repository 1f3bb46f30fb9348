/// What an order pays the supplier and each distributor of its chain, after overrides
/// (SPEC §4 step 4), for the simulator's estimate of what each party may withdraw.
struct OrderLegs {
    var supplier: Int32
    var supplierAmount: Int64
    var depth: Int
    /// Root first.
    var distributors = SIMD4<Int32>(repeating: 0)
    var amounts = SIMD4<Int64>(repeating: 0)
}
