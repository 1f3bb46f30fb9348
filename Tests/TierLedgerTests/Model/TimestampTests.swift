import Testing
@testable import TierLedger

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0),
        ("2026-03-01T08:00:00Z", 1_772_352_000_000),
        ("2026-03-01T16:00:00+08:00", 1_772_352_000_000),
        ("2026-03-01T03:30:00-04:30", 1_772_352_000_000),
        ("2026-03-01t08:00:00z", 1_772_352_000_000),
        ("2026-03-01T08:00:00.250Z", 1_772_352_000_250),
        ("2026-03-01T08:00:00.5Z", 1_772_352_000_500),
        ("2026-03-01T08:00:00.123456789Z", 1_772_352_000_123),
        ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
        ("1969-12-31T23:59:59Z", -1_000),
        ("2000-01-01T00:00:00+00:00", 946_684_800_000),
    ] as [(String, Int64)])
    func parsesRFC3339ToUTCMilliseconds(text: String, milliseconds: Int64) {
        #expect(Timestamp.parseRFC3339(text)?.millisecondsSinceEpoch == milliseconds)
    }

    @Test(arguments: [
        "", "2026-03-01", "2026-03-01T08:00:00", "2026-03-01 08:00:00Z", "2026-3-01T08:00:00Z",
        "2026-13-01T08:00:00Z", "2026-02-29T08:00:00Z", "2026-04-31T08:00:00Z", "2026-03-00T08:00:00Z",
        "2026-03-01T24:00:00Z", "2026-03-01T08:60:00Z", "2026-03-01T08:00:60Z", "2026-03-01T08:00:00.Z",
        "2026-03-01T08:00:00+0800", "2026-03-01T08:00:00+24:00", "2026-03-01T08:00:00Zjunk",
        "２０２６-03-01T08:00:00Z", "1900-02-29T00:00:00Z",
        // Offsets that carry a time out of the years the text form writes.
        "0000-01-01T00:00:00+00:01", "0000-01-01T13:59:59.999+14:00", "9999-12-31T23:59:59-00:01",
        "9999-12-31T12:00:00-23:59",
    ])
    func rejectsInvalidTimes(text: String) {
        #expect(Timestamp.parseRFC3339(text) == nil)
    }

    @Test func theFirstAndLastTimesReadBack() {
        #expect(Timestamp.parseRFC3339("0000-01-01T00:00:00Z") == Timestamp.earliest)
        #expect(Timestamp.parseRFC3339("0000-01-01T14:00:00+14:00") == Timestamp.earliest)
        #expect(Timestamp.parseRFC3339("9999-12-31T23:59:59.999Z") == Timestamp.latest)
        #expect(Timestamp.parseRFC3339("9999-12-31T00:00:59.999-23:59") == Timestamp.latest)
        #expect(Timestamp.earliest.rfc3339 == "0000-01-01T00:00:00Z")
        #expect(Timestamp.latest.rfc3339 == "9999-12-31T23:59:59.999Z")
    }

    @Test func addingSaturatesAtTheEndItRunsPast() {
        let time = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000)
        #expect(time.adding(hours: 24).millisecondsSinceEpoch == 1_772_352_000_000 + 86_400_000)
        #expect(time.adding(hours: -1).millisecondsSinceEpoch == 1_772_352_000_000 - 3_600_000)
        #expect(time.adding(hours: .max) == Timestamp(millisecondsSinceEpoch: .max))
        #expect(time.adding(hours: .min) == Timestamp(millisecondsSinceEpoch: .min))
        #expect(time.adding(hours: Int64.max / 3_600) == Timestamp(millisecondsSinceEpoch: .max))
        #expect(time.adding(hours: Int64.min / 3_600) == Timestamp(millisecondsSinceEpoch: .min))
        #expect(time.adding(seconds: .min) == Timestamp(millisecondsSinceEpoch: .min))
        #expect(time.adding(seconds: .max) == Timestamp(millisecondsSinceEpoch: .max))
        #expect(time.adding(seconds: -1).millisecondsSinceEpoch == 1_772_352_000_000 - 1_000)
    }

    /// Every 64-bit time has a text (a saturated or forged one included), and the ends of the
    /// range read as the calendar says.
    @Test func everyTimeHasAText() {
        #expect(Timestamp(millisecondsSinceEpoch: .min).rfc3339.hasSuffix(".192Z"))
        #expect(Timestamp(millisecondsSinceEpoch: .max).rfc3339.hasSuffix(".807Z"))
        for milliseconds: Int64 in [.min, .min + 1, -86_400_001, -86_400_000, -1, 0, .max - 1, .max] {
            let text = Timestamp(millisecondsSinceEpoch: milliseconds).rfc3339
            #expect(text.hasSuffix("Z"), "\(milliseconds): \(text)")
        }
        #expect(Timestamp(millisecondsSinceEpoch: -86_400_001).rfc3339 == "1969-12-30T23:59:59.999Z")
    }

    @Test func printsCanonicalUTC() {
        #expect(Timestamp(millisecondsSinceEpoch: 1_772_352_000_000).rfc3339 == "2026-03-01T08:00:00Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_772_352_000_250).rfc3339 == "2026-03-01T08:00:00.250Z")
        #expect(Timestamp(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_772_352_000_000).monthText == "2026-03")
        #expect(Timestamp(millisecondsSinceEpoch: -62_167_219_200_000).monthText == "0000-01")
        #expect(Timestamp(millisecondsSinceEpoch: 253_402_300_799_999).monthText == "9999-12")
        #expect(Timestamp(millisecondsSinceEpoch: 253_402_300_800_000).monthText == "10000-01",
                "past year 9999 (no input gets there: see `Timestamp.latest`) the digits simply grow")
    }

    @Test func textRoundTripsOverManyDays() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let milliseconds = random.integer(in: -62_135_596_800_000...253_402_300_799_999)
            let time = Timestamp(millisecondsSinceEpoch: milliseconds)
            #expect(Timestamp.parseRFC3339(time.rfc3339) == time, "\(milliseconds)")
            #expect(time.monthText == String(time.rfc3339.prefix(7)), "\(milliseconds)")
        }
    }
}
