import Foundation
import Testing
@testable import TierLedger

/// The durability promise under SIGKILL: a child `tierledger ingest` is killed at random
/// moments; afterwards every acknowledged command is in the log, resending everything is safe
/// (acknowledged commands come back as duplicates of the same sequence numbers), the ledger
/// ends as if every command had been applied once, and verify passes.
/// `Tools/crash` runs 1,000 rounds (`TIERLEDGER_LONG=1`).
@Suite(.serialized) struct CrashTests {
    static let rounds = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 1_000 : 24

    /// Commands whose resending is safe: everything has an id (or is a pay of one).
    static let lines: [String] = {
        var lines = [
            #"{"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S1","name":"S"}"#,
            #"{"type":"product.list","at":"2026-03-01T08:00:00Z","sku":"K","supplier":"S1","name":"K","face":"10.00","cost":"8.00"}"#,
            #"{"type":"stock.add","at":"2026-03-01T08:00:00Z","sku":"K","batch":"B1","count":1000000}"#,
            #"{"type":"distributor.join","at":"2026-03-01T08:00:00Z","distributor":"D1","name":"D"}"#,
        ]
        for index in 0..<3_000 {
            let at = "2026-03-01T09:\(String(format: "%02d", index / 60 % 60)):\(String(format: "%02d", index % 60))Z"
            if index % 5 == 0 {
                lines.append(#"{"type":"order.reserve","at":"\#(at)","order":"O\#(index)","distributor":"D1","sku":"K","qty":1,"buyer":"b","ttl_seconds":86400}"#)
                lines.append(#"{"type":"order.pay","at":"\#(at)","order":"O\#(index)"}"#)
            } else {
                lines.append(#"{"type":"order.place","at":"\#(at)","order":"O\#(index)","distributor":"D1","sku":"K","qty":\#(index % 3 + 1),"buyer":"b\#(index % 7)"}"#)
            }
        }
        return lines
    }()

    struct Acknowledgement: Equatable {
        var status: String
        var sequence: Int64?
    }

    /// Starts `ingest`, feeds it `lines` in chunks, optionally kills it after `killAfter`.
    static func ingest(_ ledger: String, killAfter: Duration?, seed: UInt64) throws -> [Int: Acknowledgement] {
        let process = Process()
        process.executableURL = ToolRunner.executable
        process.arguments = ["ingest", "--ledger", ledger]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var received = Data()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            received = output.fileHandleForReading.readDataToEndOfFile()
            reading.leave()
        }
        if let killAfter {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(killAfter.components.attoseconds / 1_000_000_000))) {
                kill(pid, SIGKILL)
            }
        }
        var random = SplitMix64(seed: seed)
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var start = 0
        signal(SIGPIPE, SIG_IGN)
        while start < bytes.count {
            let end = min(bytes.count, start + Int(random.integer(in: 1...16_384)))
            let chunk = Data(bytes[start..<end])
            do { try input.fileHandleForWriting.write(contentsOf: chunk) } catch { break }
            start = end
            if random.chance(1, in: 4) { usleep(200) }
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        reading.wait()
        var acknowledgements = [Int: Acknowledgement]()
        for line in String(decoding: received, as: UTF8.self).split(separator: "\n") {
            // A line cut by the kill is not an acknowledgement.
            guard let value = try? JSONValue.parse(String(line)), let number = value["line"]?.int64Value,
                  let status = value["status"]?.stringValue else { continue }
            acknowledgements[Int(number)] = Acknowledgement(status: status, sequence: value["seq"]?.int64Value)
        }
        return acknowledgements
    }

    @Test func acknowledgedCommandsSurviveSIGKILL() throws {
        var reference = Ledger(settings: LedgerSettings(), secretKey: LogTestSupport.key)
        for line in Self.lines {
            guard case .success(let command) = CommandParser.parse(line) else { preconditionFailure(line) }
            _ = reference.submit(command)
        }
        var killedMidway = 0
        for round in 0..<Self.rounds {
            let seed = UInt64(round)
            var random = SplitMix64(seed: seed &+ 1_000)
            let ledger = try ToolRunner.temporaryDirectory().appendingPathComponent("l").path
            try LedgerDirectory.create(at: ledger, settings: LedgerSettings(), secretKey: LogTestSupport.key)
            let first = try Self.ingest(ledger, killAfter: .milliseconds(random.integer(in: 0...60)), seed: seed)
            if first.count < Self.lines.count { killedMidway += 1 }
            let second = try Self.ingest(ledger, killAfter: nil, seed: seed &+ 7)
            #expect(second.count == Self.lines.count, "round \(round): every line acknowledged on resend")
            for (line, ack) in first where ack.status == "accepted" {
                #expect(second[line] == Acknowledgement(status: "duplicate", sequence: ack.sequence),
                        "round \(round) line \(line): acknowledged as \(ack), resent as \(String(describing: second[line]))")
            }
            let directory = LedgerDirectory(path: ledger)
            #expect(try directory.open().summary == reference.summary, "round \(round): final state")
            #expect(try LedgerVerifier.verify(directory).isIntact, "round \(round): verify")
        }
        // The kills must land mid-stream often enough for the test to mean something.
        #expect(killedMidway >= Self.rounds / 4, "only \(killedMidway) of \(Self.rounds) kills came mid-stream")
    }
}
