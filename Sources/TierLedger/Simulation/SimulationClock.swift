/// Maps the simulator's command slots to times: `slotCount` slots spread over two years from
/// `startMilliseconds`, denser in the busy hours of a Chinese day than at night, floored to
/// whole seconds.
///
/// Invariant: for jitters in `0..<spanMilliseconds`, `time(ofSlot:jitter:)` never decreases
/// as the slot grows (the warp within a day is continuous and increasing).
struct SimulationClock {
    let startMilliseconds: Int64
    let spanMilliseconds: Int64
    let slotCount: Int64

    static var dayMilliseconds: Int64 { 86_400_000 }
    static var hourMilliseconds: Int64 { 3_600_000 }

    /// Relative activity of each UTC hour; UTC 00:00 is 08:00 in China, so the evening peak
    /// (19:00–22:00 China time) is UTC 11–14.
    static let hourWeights: [Int64] = [
        6, 7, 8, 8, 9, 9, 9, 9, 9, 9, 10, 12, 14, 14, 12, 9, 6, 4, 3, 2, 2, 2, 3, 4,
    ]
    private static let weightSum = hourWeights.reduce(0, +)
    /// How much longer than average the gap between commands is in the quietest hour.
    static let quietStretchPercent = weightSum * 100 / (24 * (hourWeights.min() ?? 1))
    /// Copies of the statics, so that the hot path does not check their lazy initialisation.
    private let weights: [Int64] = Self.hourWeights
    private let sum: Int64 = Self.weightSum
    /// `cumulative[h]` = Σ weights of the hours before `h`.
    private let cumulative: [Int64] = {
        var sums: [Int64] = [0]
        var running: Int64 = 0
        for weight in hourWeights {
            running += weight
            sums.append(running)
        }
        return sums
    }()

    init(startMilliseconds: Int64, spanMilliseconds: Int64, slotCount: Int64) {
        precondition(slotCount >= 1 && spanMilliseconds >= Self.dayMilliseconds,
                     "a clock needs slots and a day")
        self.startMilliseconds = startMilliseconds
        self.spanMilliseconds = spanMilliseconds
        self.slotCount = slotCount
    }

    /// The time of `slot`, in milliseconds since the epoch (whole seconds).
    func time(ofSlot slot: Int64, jitter: Int64) -> Int64 {
        let scaled = (Int128(slot) * Int128(spanMilliseconds) + Int128(jitter)) / Int128(slotCount)
        let virtual = Int64(scaled)
        let day = virtual / Self.dayMilliseconds
        let position = (virtual - day * Self.dayMilliseconds) * sum
        var hour = 0
        while hour < 23, cumulative[hour + 1] * Self.dayMilliseconds <= position { hour += 1 }
        let withinHour = (position - cumulative[hour] * Self.dayMilliseconds) / (24 * weights[hour])
        let milliseconds = startMilliseconds + day * Self.dayMilliseconds
            + Int64(hour) * Self.hourMilliseconds + withinHour
        return milliseconds - milliseconds % 1_000
    }
}
