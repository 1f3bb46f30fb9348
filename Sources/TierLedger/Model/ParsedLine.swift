/// One well-formed input line: its 1-based line number and the command it holds.
public struct ParsedLine: Equatable, Sendable {
    public var lineNumber: Int
    public var command: Command

    public init(lineNumber: Int, command: Command) {
        self.lineNumber = lineNumber
        self.command = command
    }
}
