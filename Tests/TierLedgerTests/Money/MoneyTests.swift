import Testing
@testable import TierLedger

@Suite struct MoneyTests {
    @Test(arguments: [
        ("85.00", 8_500), ("0.01", 1), ("0.00", 0), ("1234567.89", 123_456_789),
        ("9000000000000.00", 900_000_000_000_000), ("007.50", 750),
    ] as [(String, Int64)])
    func parsesTheTextForm(text: String, minorUnits: Int64) {
        #expect(Money.parse(text) == .success(Money(minorUnits: minorUnits)))
    }

    @Test(arguments: [
        ("", Money.ParseFailure.empty), ("-1.00", .sign), ("+1.00", .sign), ("85", .fractionDigits),
        ("85.0", .fractionDigits), ("85.000", .fractionDigits), ("85.", .fractionDigits),
        (".50", .notDecimal), ("8a.00", .notDecimal), (" 85.00", .notDecimal), ("85.00 ", .notDecimal),
        ("1e3.00", .notDecimal), ("9000000000000.01", .tooLarge),
        ("99999999999999999999.00", .tooLarge), ("85,00", .notDecimal),
    ] as [(String, Money.ParseFailure)])
    func rejectsEveryMalformedForm(text: String, failure: Money.ParseFailure) {
        #expect(Money.parse(text) == .failure(failure))
    }

    @Test func printsExactlyTwoFractionDigits() {
        #expect(Money(minorUnits: 8_500).description == "85.00")
        #expect(Money(minorUnits: 5).description == "0.05")
        #expect(Money(minorUnits: -120).description == "-1.20")
        #expect(Money(minorUnits: -5).description == "-0.05")
        #expect(Money(minorUnits: .min).description == "-92233720368547758.08")
        #expect(Money(minorUnits: .max).description == "92233720368547758.07")
    }

    @Test func signedTextRoundTrips() {
        for units: Int64 in [0, 1, -1, 99, -100, 123_456, -987_654_321] {
            #expect(Money.parseSigned(Money(minorUnits: units).description) == Money(minorUnits: units))
        }
    }

    @Test func overflowIsAnErrorNotATrap() {
        let big = Money(minorUnits: .max - 1)
        #expect(throws: MoneyOverflow.self) { try big.adding(Money(minorUnits: 2)) }
        #expect(throws: MoneyOverflow.self) { try Money(minorUnits: .min).subtracting(Money(minorUnits: 1)) }
        #expect(throws: MoneyOverflow.self) { try big.multiplied(by: 2) }
        #expect((try? big.adding(Money(minorUnits: 1))) == Money(minorUnits: .max))
    }

    @Test func halfUpRoundsHalvesUp() throws {
        // (x × bps + 5000) / 10000
        #expect(try BasisPoints.halfUp(Money(minorUnits: 8_000), 500) == Money(minorUnits: 400))
        #expect(try BasisPoints.halfUp(Money(minorUnits: 8_600), 250) == Money(minorUnits: 215))  // (2150000 + 5000) / 10000 = 215
        #expect(try BasisPoints.halfUp(Money(minorUnits: 2), 2_500) == Money(minorUnits: 1))  // 0.5 → 1
        #expect(try BasisPoints.halfUp(Money(minorUnits: 1), 4_999) == Money(minorUnits: 0))  // 0.4999 → 0
        #expect(try BasisPoints.halfUp(Money(minorUnits: 0), 100_000) == .zero)
        #expect(try BasisPoints.halfUp(Money.inputMaximum, 100_000)
                == Money(minorUnits: Money.inputMaximumMinorUnits * 10))
        #expect(throws: MoneyOverflow.self) { try BasisPoints.halfUp(Money(minorUnits: .max), 100_000) }
    }

    @Test func floorShareRoundsDown() {
        #expect(BasisPoints.floorShare(Money(minorUnits: 645), 1_000) == Money(minorUnits: 64))
        #expect(BasisPoints.floorShare(Money(minorUnits: 555), 5_000) == Money(minorUnits: 277))
        #expect(BasisPoints.floorShare(Money(minorUnits: 555), 10_000) == Money(minorUnits: 555))
        #expect(BasisPoints.floorShare(Money(minorUnits: 555), 0) == .zero)
    }
}

@Suite struct SignedMoneyTextTests {
    @Test func readsEverySixtyFourBitAmountBack() {
        for units: Int64 in [.min, .min + 1, -1, 0, 1, .max, 900_000_000_000_280] {
            #expect(Money.parseSigned(Money(minorUnits: units).description) == Money(minorUnits: units))
        }
        for text in ["", "-", "1", "1.0", "1.000", "+1.00", "--1.00", "92233720368547758.08", "1e2.00", " 1.00",
                     ".00", "-.00", "1.", "1..00", "1.0-", "-92233720368547758.09", "184467440737095516.16",
                     "99999999999999999999.99"] {
            #expect(Money.parseSigned(text) == nil, "\(text)")
        }
        #expect(Money.parseSigned("-92233720368547758.08") == Money(minorUnits: .min))
        #expect(Money.parseSigned("007.50") == Money(minorUnits: 750))
        #expect(Money.parseSigned("-0.00") == .zero)
    }

    /// Against a plain reading of the rule (`-`? digits `.` two digits, within 64 bits) on
    /// random strings of digits, dots and signs.
    @Test func agreesWithThePlainRuleOnRandomText() {
        func plain(_ text: String) -> Money? {
            let negative = text.hasPrefix("-")
            let parts = (negative ? String(text.dropFirst()) : text).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].count == 2,
                  (parts[0] + parts[1]).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            var value: Int128 = 0
            for digit in parts[0] + parts[1] {
                value = value * 10 + Int128(digit.wholeNumberValue ?? 0)
                if value > Int128(UInt64.max) { return nil }
            }
            return Int64(exactly: negative ? -value : value).map(Money.init(minorUnits:))
        }
        var random = SplitMix64(seed: 12)
        let alphabet = Array("0123456789999.-+")
        for _ in 0..<20_000 {
            let length = Int(random.integer(in: 0...24))
            let text = String((0..<length).map { _ in random.pick(alphabet) })
            #expect(Money.parseSigned(text) == plain(text), "\(text)")
        }
    }
}
