/// Checks that concern the line as a whole once its JSON is known to be sound: which
/// command type it is, and whether it has keys that type does not define.
extension CommandFieldReader {
    /// The command type named by `type`.
    func commandType() throws(CommandParseError) -> CommandType {
        let member = try requiredMember(.type, CommandType.expectation)
        guard member.value.kind == .string else {
            throw mismatch(member, CommandType.expectation, typed: true)
        }
        guard let type = scanner.withContent(of: member.stringToken, { CommandType.identify($0) })
        else { throw mismatch(member, CommandType.expectation, typed: false) }
        return type
    }

    /// Throws for the first key, in reading order, that `type` does not define.
    func rejectUnknownFields(for type: CommandType) throws(CommandParseError) {
        let allowed = type.allowedFields
        for member in members {
            if let field = member.field, allowed & field.bit != 0 { continue }
            throw error(keyName(member), "no such field for \(type.name); allowed: "
                        + type.allowedFieldList, got: nil)
        }
    }
}
