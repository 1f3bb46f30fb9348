/// A small command-line argument parser: `--name value`, `--name=value`, `--flag`, and
/// positional arguments in any order; `--` ends the options.
///
/// Invariants: every option in the result is declared in the spec it was parsed with; a
/// repeated option is a usage error (never silently the last one).
public struct Arguments: Sendable {
    public private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// What a command accepts.
    public struct Option: Sendable {
        public var name: String
        /// The value's placeholder (`DIR`, `N`); `nil` for a flag.
        public var valueName: String?
        public var help: String

        public init(_ name: String, value valueName: String? = nil, help: String) {
            self.name = name
            self.valueName = valueName
            self.help = help
        }
    }

    public init(parsing arguments: [String], options: [Option]) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option --\(name)")
            }
            guard values[name] == nil, !flags.contains(name) else {
                throw UsageError("option --\(name) is given twice")
            }
            guard let valueName = option.valueName else {
                if inlineValue != nil { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
                continue
            }
            if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError("option --\(name) needs a value \(valueName)")
                }
                values[name] = arguments[index]
                index += 1
            }
        }
    }

    public func value(_ name: String) -> String? { values[name] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// An integer option within `range`, or `nil` when absent.
    public func integer(_ name: String, in range: ClosedRange<Int64>) throws(UsageError) -> Int64? {
        guard let text = values[name] else { return nil }
        guard let number = Int64(text), range.contains(number) else {
            throw UsageError("--\(name) expects a whole number from \(range.lowerBound) to "
                + "\(range.upperBound), got \(text)")
        }
        return number
    }
}

/// A command line that cannot be run as written (exit status 64).
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
