import Foundation
import Testing

/// Runs the built `tierledger` binary, the way a user or a script does, and captures what it
/// prints (swift-argument-parser's `AssertExecuteCommand` is the model).
struct ToolRunner {
    struct Result: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `tierledger` executable beside the test bundle in the build directory.
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test binary lives in `…/debug/TierLedgerPackageTests.xctest` on Linux.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("tierledger").path),
              directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("tierledger")
    }()

    /// Runs `tierledger arguments…` with `stdin` as standard input, in `directory`.
    static func run(_ arguments: [String], stdin: String = "", in directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        try runProgram(executable, arguments, stdin: stdin, in: directory, environment: environment)
    }

    /// Runs any program (the tool, or hledger and ledger in the journal tests) the same way.
    static func runProgram(_ program: URL, _ arguments: [String], stdin: String = "", in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["TIERLEDGER_DIR"] = nil
        for (key, value) in environment { processEnvironment[key] = value }
        process.environment = processEnvironment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh, empty temporary directory inside this test process's scratch root, which is
    /// removed when the process exits (see `TestScratch`).
    static func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: TestScratch.root).appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository's root (for files in `Snapshots/`).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// An external program found on `PATH` (hledger and ledger for the journal, python3 for
/// `Tools/log-anatomy`). A missing one records an issue that says
/// how to install it (`install`: what to do, after "<name> is not installed: ").
struct ExternalTool {
    let url: URL

    init?(_ name: String, install: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let found = path.split(separator: ":").map {
            URL(fileURLWithPath: String($0)).appendingPathComponent(name)
        }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let found else {
            let message = "\(name) is not installed: \(install)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            return nil
        }
        url = found
    }

    func run(_ arguments: [String]) throws -> ToolRunner.Result {
        try ToolRunner.runProgram(url, arguments)
    }
}
