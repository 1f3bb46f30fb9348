/// The units a reservation holds, as (batch, count) pairs, first-in first-out: up to four
/// batches, which is what a reservation may span (a larger one is placed instead).
struct BatchTakes {
    static var capacity: Int { 4 }
    var count = 0
    var batches = SIMD4<Int32>(repeating: 0)
    var units = SIMD4<Int64>(repeating: 0)

    mutating func append(batch: Int32, units taken: Int64) {
        precondition(count < Self.capacity, "a reservation spans at most four batches")
        batches[count] = batch
        units[count] = taken
        count += 1
    }
}
