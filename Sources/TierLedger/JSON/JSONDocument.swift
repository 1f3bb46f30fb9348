#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON document (RFC 8259) parsed into a flat list of nodes over its bytes: every value is
/// read where it lies, and no string is built until one is asked for. `import` decodes each
/// line of an export this way (a tree of `JSONValue`s per line, with a `String` per key, was
/// most of its parsing thread); `JSONValue.parse` builds its tree from one.
///
/// Layout: one node per value, in document order (a container, then everything in it). A
/// container's `next` is the index just past its last descendant, so the members of an object
/// are found by jumping from one to the next; a member's node holds its key's byte range.
///
/// Invariants: the nodes cover exactly one valid document (the scanner validated every token,
/// so reading one back cannot fail); node 0 is the top-level value. The document owns a copy
/// of the bytes and the nodes in memory of its own, which never moves, so reading them is a
/// pointer access (an array property of a class is retained and released around each read).
final class JSONDocument {
    /// One value: 24 bytes, its offsets in 32 bits (a document is at most `maximumBytes`).
    struct Node {
        var kind: JSONScanner.ValueKind
        /// Strings: the content has escapes. Numbers: the literal is an integer. Booleans: the
        /// value.
        var flag: Bool
        private var keyHasEscapes = false
        private var storedStart: Int32
        private var storedEnd: Int32
        private var storedNext: Int32
        /// -1 when the value is not an object member.
        private var keyStart: Int32 = -1
        private var keyEnd: Int32 = -1

        init(kind: JSONScanner.ValueKind, flag: Bool, start: Int, end: Int, next: Int,
             key: JSONScanner.StringToken?) {
            self.kind = kind
            self.flag = flag
            storedStart = Int32(start)
            storedEnd = Int32(end)
            storedNext = Int32(next)
            if let key {
                keyStart = Int32(key.start)
                keyEnd = Int32(key.end)
                keyHasEscapes = key.hasEscapes
            }
        }

        /// Strings: the content between the quotes; numbers: the literal; containers: the
        /// whole text.
        var start: Int { Int(storedStart) }
        var end: Int {
            get { Int(storedEnd) }
            set { storedEnd = Int32(newValue) }
        }
        /// The index of the node after this value and all it contains.
        var next: Int {
            get { Int(storedNext) }
            set { storedNext = Int32(newValue) }
        }
        /// An object member's key.
        var key: JSONScanner.StringToken? {
            keyStart < 0 ? nil : JSONScanner.StringToken(start: Int(keyStart), end: Int(keyEnd),
                                                        hasEscapes: keyHasEscapes)
        }
    }

    /// The longest document read: offsets are kept in 32 bits. (`import` refuses a line long
    /// before, at 256 MiB.)
    static let maximumBytes = Int(Int32.max)

    let bytes: UnsafeBufferPointer<UInt8>
    let nodes: UnsafeBufferPointer<Node>

    /// Parses exactly one JSON value, with only whitespace around it. The errors are those of
    /// the scanner, with the byte offset.
    init(parsing text: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        guard text.count <= Self.maximumBytes else { throw JSONSyntaxError(.tooLong, offset: Self.maximumBytes) }
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
        _ = bytes.initialize(from: text)
        var nodes = NodeList()
        do throws(JSONSyntaxError) {
            var scanner = JSONScanner(UnsafeBufferPointer(bytes))
            try Self.parseValue(&scanner, depth: 0, key: nil, into: &nodes)
            try scanner.expectEnd()
        } catch {
            bytes.deallocate()
            nodes.release()
            throw error
        }
        self.bytes = UnsafeBufferPointer(bytes)
        self.nodes = nodes.finish()
    }

    /// `init(parsing:)` of an array's bytes.
    static func parse(_ text: [UInt8]) throws(JSONSyntaxError) -> JSONDocument {
        try text.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONDocument(parsing: buffer) }
    }

    deinit {
        bytes.deallocate()
        free(UnsafeMutableRawPointer(mutating: nodes.baseAddress))
    }

    /// The nodes while they are parsed, in memory from `malloc` grown by `realloc`, which moves
    /// a large block by remapping its pages: an array holds its old and new storage while it
    /// grows, and the finished nodes were then copied once more, nearly three times the nodes
    /// in all (a 200 MB line of 100 M numbers took 5.8 GB).
    private struct NodeList {
        private var base: UnsafeMutablePointer<Node>?
        private(set) var count = 0
        private var capacity = 0

        mutating func append(_ node: Node) {
            if count == capacity { resize(to: max(16, capacity * 2)) }
            base.unsafelyUnwrapped.advanced(by: count).initialize(to: node)
            count += 1
        }

        subscript(index: Int) -> Node {
            get { base.unsafelyUnwrapped[index] }
            set { base.unsafelyUnwrapped[index] = newValue }
        }

        /// The nodes, in a block of their exact size, which `free` releases.
        consuming func finish() -> UnsafeBufferPointer<Node> {
            if count < capacity { resize(to: max(count, 1)) }
            return UnsafeBufferPointer(start: base, count: count)
        }

        /// Frees the nodes (a document that failed to parse).
        consuming func release() {
            free(base)
        }

        private mutating func resize(to newCapacity: Int) {
            // Nodes are plain values, so their bytes move as they are.
            guard let raw = realloc(base, newCapacity * MemoryLayout<Node>.stride) else {
                fatalError("out of memory for \(newCapacity) JSON nodes")
            }
            base = raw.bindMemory(to: Node.self, capacity: newCapacity)
            capacity = newCapacity
        }
    }

    private static func parseValue(_ scanner: inout JSONScanner, depth: Int, key: JSONScanner.StringToken?,
                                   into nodes: inout NodeList) throws(JSONSyntaxError) {
        scanner.skipWhitespace()
        switch scanner.peek {
        case UInt8(ascii: "{"):
            try parseContainer(&scanner, depth: depth + 1, key: key, object: true, into: &nodes)
        case UInt8(ascii: "["):
            try parseContainer(&scanner, depth: depth + 1, key: key, object: false, into: &nodes)
        case UInt8(ascii: "\""):
            let token = try scanner.scanString()
            nodes.append(Node(kind: .string, flag: token.hasEscapes, start: token.start, end: token.end,
                              next: nodes.count + 1, key: key))
        default:
            // Scalars: the scanner validates them and reports anything unexpected.
            let token = try scanner.scanValue(depth: depth)
            nodes.append(Node(kind: token.kind, flag: token.flag, start: token.start, end: token.end,
                              next: nodes.count + 1, key: key))
        }
    }

    private static func parseContainer(_ scanner: inout JSONScanner, depth: Int, key: JSONScanner.StringToken?,
                                       object: Bool, into nodes: inout NodeList) throws(JSONSyntaxError) {
        if depth > JSONScanner.depthLimit {
            throw JSONSyntaxError(.tooDeep, offset: scanner.offset)
        }
        let index = nodes.count
        nodes.append(Node(kind: object ? .object : .array, flag: false, start: scanner.offset,
                          end: scanner.offset, next: index + 1, key: key))
        _ = scanner.consume(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        scanner.skipWhitespace()
        if !scanner.consume(object ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            if object {
                repeat {
                    let member = try scanner.scanMemberKey()
                    try parseValue(&scanner, depth: depth, key: member, into: &nodes)
                } while try scanner.scanObjectSeparator()
            } else {
                repeat {
                    try parseValue(&scanner, depth: depth, key: nil, into: &nodes)
                } while try scanner.scanArraySeparator()
            }
        }
        nodes[index].next = nodes.count
        nodes[index].end = scanner.offset
    }

    // MARK: Reading

    /// The first member named `key` of the object at `object`, or `nil`.
    func member(_ key: String, of object: Int) -> Int? {
        var wanted = key
        return wanted.withUTF8 { wanted in
            let scanner = JSONScanner(bytes)
            var child = object + 1
            while child < nodes[object].next {
                if let token = nodes[child].key,
                   scanner.withContent(of: token, { Self.equal($0, wanted) }) {
                    return child
                }
                child = nodes[child].next
            }
            return nil
        }
    }

    private static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
        return memcmp(leftBase, rightBase, left.count) == 0
    }

    /// The values in the array or object at `container`, in order.
    func children(of container: Int) -> [Int] {
        var children: [Int] = []
        var child = container + 1
        while child < nodes[container].next {
            children.append(child)
            child = nodes[child].next
        }
        return children
    }

    /// `body` over the decoded content of the string at `node`; `nil` for other kinds.
    func withString<Result>(at node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let value = nodes[node]
        guard value.kind == .string else { return nil }
        return JSONScanner(bytes).withContent(
            of: JSONScanner.StringToken(start: value.start, end: value.end, hasEscapes: value.flag), body)
    }

    func string(at node: Int) -> String? {
        withString(at: node) { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of an integer literal (no fraction, no exponent) that fits in 64 bits.
    func int64(at node: Int) -> Int64? {
        let value = nodes[node]
        guard value.kind == .number, value.flag else { return nil }
        return JSONScanner(bytes).int64(from: value.start, to: value.end)
    }

    func bool(at node: Int) -> Bool? {
        nodes[node].kind == .boolean ? nodes[node].flag : nil
    }

    /// The value at `node` as a tree.
    func value(at node: Int) -> JSONValue {
        let value = nodes[node]
        switch value.kind {
        case .null: return .null
        case .boolean: return .bool(value.flag)
        case .number:
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]), as: UTF8.self))
        case .string: return .string(string(at: node) ?? "")
        case .array: return .array(children(of: node).map { self.value(at: $0) })
        case .object:
            return .object(children(of: node).map { child in
                let key = nodes[child].key.map { JSONScanner(bytes).string($0) } ?? ""
                return (key: key, value: self.value(at: child))
            })
        }
    }
}
