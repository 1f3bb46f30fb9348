/// Encoding a `JSONValue` as compact JSON text: no whitespace, members in their stored order,
/// numbers as their literal text, strings escaped by `JSONStringEscaping`.
extension JSONValue {
    /// The compact JSON text of this value.
    public var jsonText: String {
        var bytes: [UInt8] = []
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func appendJSON(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text):
            output.append(contentsOf: text.utf8)
        case .string(let text):
            JSONStringEscaping.appendQuoted(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.appendJSON(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONStringEscaping.appendQuoted(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.appendJSON(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
