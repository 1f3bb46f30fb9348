import Testing
@testable import TierLedger

/// Whole inputs: line splitting and numbering, blank lines, CRLF, a missing final newline,
/// and stopping at the first malformed line.
struct CommandParseAllTests {
    static let settle = #"{"type":"settlement.run","at":"2026-03-01T08:00:00Z"}"#
    static let pay = #"{"type":"order.pay","at":"2026-03-01T08:00:01Z","order":"O1"}"#

    static func parse(_ text: String) -> Result<[ParsedLine], CommandParseError> {
        CommandParser.parseAll(Array(text.utf8))
    }

    static func lineNumbers(_ text: String) -> [Int]? {
        guard case .success(let lines) = parse(text) else { return nil }
        return lines.map(\.lineNumber)
    }

    @Test func linesAreNumberedFromOneAndBlankLinesCount() {
        #expect(Self.lineNumbers("\(Self.settle)\n\n   \t\n\(Self.pay)\n") == [1, 4])
    }

    @Test func crlfAndMissingFinalNewline() throws {
        let lines = try Self.parse("\(Self.settle)\r\n\r\n\(Self.pay)").get()
        #expect(lines.map(\.lineNumber) == [1, 3])
        #expect(lines[1].command.action == .payOrder(order: "O1"))
    }

    @Test func emptyInputsGiveNoCommands() {
        #expect(Self.lineNumbers("") == [])
        #expect(Self.lineNumbers("\n\n\r\n ") == [])
    }

    @Test func byteOrderMarkAtTheStartIsIgnored() {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.settle.utf8)
        #expect(CommandParser.parseAll(input).map { $0.count } == .success(1))
    }

    @Test func stopsAtTheFirstMalformedLine() {
        let text = "\(Self.settle)\n\n{\"type\":\"order.pay\"}\n[]\n\(Self.pay)\n"
        let expected = CommandParseError(
            line: 3, field: "at",
            expected: Timestamp.rfc3339Expectation, got: "nothing (the field is missing)")
        #expect(Self.parse(text) == .failure(expected))
    }

    @Test func aCarriageReturnInsideALineIsWhitespace() {
        let line = "{\"type\":\r\"settlement.run\",\"at\":\"2026-03-01T08:00:00Z\"}\r"
        #expect(Self.lineNumbers(line) == [1])
    }

    @Test func aLoneCarriageReturnDoesNotSplitLines() {
        let result = Self.parse("\(Self.settle)\r\(Self.pay)")
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.line == 1)
        #expect(error.got?.contains("more data after the JSON value") == true)
    }
}

extension CommandParseAllTests {
    /// The word-at-a-time newline search agrees with a plain scan at every start offset.
    @Test func newlineSearchAgreesWithAPlainScan() {
        for seed: UInt64 in 0..<200 {
            var random = SplitMix64(seed: seed)
            let alphabet: [UInt8] = [0x0A, 0x0B, 0x09, 0x8A, 0x00, 0xFF, 0x41, 0x0A]
            let bytes = (0..<random.integer(in: 0...40)).map { _ in
                random.chance(1, in: 4) ? random.pick(alphabet) : 0x61
            }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...buffer.count {
                    let plain = buffer[start...].firstIndex(of: 0x0A) ?? buffer.count
                    #expect(CommandParser.nextNewline(in: buffer, from: start) == plain,
                            "seed \(seed), start \(start)")
                }
            }
        }
    }
}

extension CommandParseAllTests {
    /// `CommandLines` stopped anywhere and copied goes on from the next line with the right
    /// numbers: `append`'s parsing thread checks the rest of an input from such a copy and
    /// later parses it again from the original.
    @Test func linesResumedFromACopyGoOnFromTheNextLine() {
        let text = "\u{FEFF}\(Self.settle)\r\n\n  \n\(Self.pay)\n\(Self.settle)\n\n\(Self.pay)"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { data in
            var all = CommandLines(data)
            var whole: [(String, Int)] = []
            while let (line, number) = all.next() { whole.append((String(decoding: line, as: UTF8.self), number)) }
            #expect(whole.map(\.1) == [1, 4, 5, 7])
            #expect(whole.map(\.0) == [Self.settle, Self.pay, Self.settle, Self.pay])
            for stop in 0...whole.count {
                var lines = CommandLines(data)
                for _ in 0..<stop { _ = lines.next() }
                var copy = lines
                var rest: [Int] = []
                while let (_, number) = copy.next() { rest.append(number) }
                #expect(rest == whole.dropFirst(stop).map(\.1), "stopped after \(stop)")
                #expect(lines.next()?.number == whole.dropFirst(stop).first?.1, "stopped after \(stop)")
            }
        }
    }

    /// A `body` that says stop leaves the lines after the command it was given: a second call
    /// parses the rest, and the two together give every command once.
    @Test func parsingStoppedByItsBodyGoesOnWhereItStopped() {
        let text = [Self.settle, Self.pay, "", Self.settle, Self.pay, Self.pay].joined(separator: "\n")
        Array(text.utf8).withUnsafeBufferPointer { data in
            for stop in 1...5 {
                var lines = CommandLines(data)
                var seen: [Int] = []
                let first = CommandParser.forEachCommand(from: &lines) { line in
                    seen.append(line.lineNumber)
                    return seen.count < stop
                }
                #expect(first == nil)
                #expect(seen.count == stop)
                let second = CommandParser.forEachCommand(from: &lines) { line in
                    seen.append(line.lineNumber)
                    return true
                }
                #expect(second == nil)
                #expect(seen == [1, 2, 4, 5, 6], "stopped after \(stop)")
            }
        }
    }
}
