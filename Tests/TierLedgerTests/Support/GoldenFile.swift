import Foundation
import Testing

/// Golden files in `Snapshots/` (swift-snapshot-testing's reasoning): a missing or changed file
/// fails the test. Files are (re)written only when `RECORD_SNAPSHOTS=1` is set, and that run
/// fails too, so CI can never pass on a freshly recorded file.
enum GoldenFile {
    static let directory = ToolRunner.repositoryRoot.appendingPathComponent("Snapshots")

    static func assertMatches(_ actual: String, _ name: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                     withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded Snapshots/\(name); run again without RECORD_SNAPSHOTS",
                         sourceLocation: sourceLocation)
            return
        }
        guard let expected else {
            Issue.record("missing golden file Snapshots/\(name); record it with RECORD_SNAPSHOTS=1",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("Snapshots/\(name) differs:\n\(firstDifference(expected, actual))",
                         sourceLocation: sourceLocation)
        }
    }

    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let left = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
            let right = index < actualLines.count ? String(actualLines[index]) : "<end>"
            if left != right { return "line \(index + 1):\n  expected: \(left)\n  actual:   \(right)" }
        }
        return "(same lines, different bytes)"
    }
}
