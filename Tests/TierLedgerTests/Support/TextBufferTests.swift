import Foundation
import Testing
@testable import TierLedger

@Suite struct TextBufferTests {
    /// Random appends of bytes and runs, across many doublings of the smallest buffer, leave
    /// the same bytes as the same appends to an array.
    @Test func holdsWhatAnArrayHoldsAcrossGrowth() {
        var generator = SplitMix64(seed: 7)
        var buffer = TextBuffer(capacity: 1)
        var reference: [UInt8] = []
        for _ in 0..<2_000 {
            if generator.next() % 2 == 0 {
                let byte = UInt8(truncatingIfNeeded: generator.next())
                buffer.append(byte)
                reference.append(byte)
            } else {
                let run = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                run.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
                reference.append(contentsOf: run)
            }
        }
        buffer.append(contentsOf: UnsafeBufferPointer(start: nil, count: 0))
        buffer.append("literal")
        reference.append(contentsOf: "literal".utf8)
        #expect(buffer.count == reference.count)
        #expect(buffer.withBytes { Array($0) } == reference)
        buffer.removeAll()
        #expect(buffer.count == 0)
        buffer.append(UInt8(ascii: "x"))
        #expect(buffer.withBytes { Array($0) } == [UInt8(ascii: "x")])
    }

    @Test func decimalTextSpellsWhatStringDoes() {
        var generator = SplitMix64(seed: 11)
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, .max, .min, .max - 1, .min + 1]
        for _ in 0..<2_000 {
            let random = Int64(bitPattern: generator.next())
            values.append(random)
            values.append(random >> Int64(generator.next() % 63))  // every length of digits
        }
        for value in values {
            var text: [UInt8] = []
            DecimalText.append(value, to: &text)
            #expect(String(decoding: text, as: UTF8.self) == String(value))
            var unsigned = TextBuffer()
            DecimalText.append(value.magnitude, to: &unsigned)
            #expect(unsigned.withBytes { String(decoding: $0, as: UTF8.self) } == String(value.magnitude))
            #expect(DecimalText.digitCount(value.magnitude) == String(value.magnitude).count)
            let money = Money(minorUnits: value)
            #expect(money.textLength == money.description.count, "\(value)")
        }
        #expect(DecimalText.digitCount(UInt64.max) == 20)
        for (value, width, expected) in [(0, 1, "0"), (0, 3, "000"), (7, 2, "07"), (42, 2, "42"), (123, 2, "123"),
                                         (5, 4, "0005"), (9_999, 4, "9999")] as [(UInt64, Int, String)] {
            var text: [UInt8] = []
            DecimalText.append(value, minimumWidth: width, to: &text)
            #expect(String(decoding: text, as: UTF8.self) == expected)
        }
        var widest: [UInt8] = []
        DecimalText.append(UInt64.max, minimumWidth: 20, to: &widest)
        #expect(String(decoding: widest, as: UTF8.self) == "18446744073709551615")
    }

    @Test func hexAppendsWhatItEncodes() {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let print = Fingerprint(high: generator.next(), low: generator.next())
            var text = TextBuffer(capacity: 8)
            print.appendHex(to: &text)
            #expect(text.withBytes { String(decoding: $0, as: UTF8.self) } == print.hex)
            #expect(Fingerprint(hex: print.hex) == print)
        }
    }
}
