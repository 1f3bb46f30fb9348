/// A paid order that the next settlement run at or after `releaseAt` releases.
struct PendingRelease {
    var releaseAt: Int64
    var legs: OrderLegs
}
