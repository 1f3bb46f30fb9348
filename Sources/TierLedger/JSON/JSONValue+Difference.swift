extension JSONValue {
    /// Where this document first differs from `other`, for messages: the path of the first
    /// member or element that differs (`chain[1].price`, or `""` for the whole document) and
    /// the JSON text of each side there. A member `other` lacks reads `"no such field"`, and
    /// one only `other` has reads `"missing"` on this side.
    public func firstDifference(from other: JSONValue, path: String = "")
        -> (path: String, this: String, other: String)
    {
        switch (self, other) {
        case (.object(let left), .object(let right)):
            for (index, member) in left.enumerated() {
                let childPath = path.isEmpty ? member.key : path + "." + member.key
                guard index < right.count, right[index].key == member.key else {
                    return (childPath, member.value.jsonText, "no such field")
                }
                if member.value.jsonText != right[index].value.jsonText {
                    return member.value.firstDifference(from: right[index].value, path: childPath)
                }
            }
            if right.count > left.count {
                let extra = right[left.count]
                return (path.isEmpty ? extra.key : path + "." + extra.key, "missing", extra.value.jsonText)
            }
        case (.array(let left), .array(let right)) where left.count == right.count:
            for (index, element) in left.enumerated() where element.jsonText != right[index].jsonText {
                return element.firstDifference(from: right[index], path: "\(path)[\(index)]")
            }
        default:
            break
        }
        return (path, jsonText, other.jsonText)
    }
}
