import Testing
@testable import TierLedger

/// The flat document under `JSONValue.parse` and `import`'s event decoding.
struct JSONDocumentTests {
    @Test func findsMembersByTheirDecodedKeyFirstOneWinning() throws {
        let document = try JSONDocument.parse(Array(
            #" { "a" : [1, {"b": 2}, []], "\u0063" : "first", "c": "second", "d\"q": -0, "e": {} } "#.utf8))
        #expect(document.nodes[0].kind == .object)
        let a = try #require(document.member("a", of: 0))
        #expect(document.children(of: a).map { document.nodes[$0].kind } == [.number, .object, .array])
        let inner = document.children(of: a)[1]
        #expect(document.member("b", of: inner).flatMap(document.int64(at:)) == 2)
        #expect(document.children(of: document.children(of: a)[2]).isEmpty)
        #expect(document.member("c", of: 0).flatMap(document.string(at:)) == "first")
        #expect(document.member("d\"q", of: 0).flatMap(document.int64(at:)) == 0)
        #expect(document.member("e", of: 0).map(document.children(of:))?.isEmpty == true)
        #expect(document.member("b", of: 0) == nil, "members of nested objects are not the outer object's")
        #expect(document.member("missing", of: 0) == nil)
    }

    /// A line of 256 MiB (`import`'s limit) of one-byte values makes one node every two bytes,
    /// so the node's size bounds what such a line costs.
    @Test func aNodeTakesTwentyFourBytes() {
        #expect(MemoryLayout<JSONDocument.Node>.stride == 24)
    }

    @Test func readsScalarsAsTheTreeDoes() throws {
        let text = #"{"n":-42,"f":1.0,"x":1e3,"big":9223372036854775808,"s":"a\nb\u00e9","t":true,"z":null}"#
        let document = try JSONDocument.parse(Array(text.utf8))
        let tree = try JSONValue.parse(text)
        for key in ["n", "f", "x", "big", "s", "t", "z"] {
            let node = try #require(document.member(key, of: 0))
            #expect(document.int64(at: node) == tree[key]?.int64Value, "\(key)")
            #expect(document.string(at: node) == tree[key]?.stringValue, "\(key)")
            #expect(document.bool(at: node) == tree[key]?.boolValue, "\(key)")
            #expect(document.value(at: node) == tree[key], "\(key)")
        }
        #expect(document.value(at: 0).jsonText == tree.jsonText)
    }

    @Test(arguments: ["", "{", #"{"a":}"#, #"{"a" 1}"#, "[1,]", "{} x", #""\x""#, "tru", "01",
                      String(repeating: "[", count: 300) + String(repeating: "]", count: 300)])
    func refusesWhatIsNotOneDocument(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONDocument.parse(Array(text.utf8)) }
    }

    /// An event line read back from another spelling of the same object: keys in another
    /// order, whitespace, escaped key and value characters, `null` for absent optional fields,
    /// and members the format does not know.
    @Test func eventsReadTheSameFromAnySpellingOfTheirObject() throws {
        let (events, _) = EventCodecTests.recordedEvents(seed: 5)
        var respelled = 0
        for event in events {
            guard case .object(let members) = event.jsonValue else { Issue.record("not an object"); return }
            var text = " { \"extra\" : [1, {\"seq\": 0}] "
            for member in members.reversed() {
                let key = member.key == "seq" ? #"s\u0065q"# : member.key
                text += #", "\#(key)" :  \#(member.value.jsonText)"#
            }
            if event.at != nil { text += #", "at": null"# }  // a repeat: the first one counts
            text += #", "memo": null }"#
            #expect(try Event.decode(ndjson: text) == event, "\(text)")
            respelled += 1
        }
        #expect(respelled == events.count && respelled > 100)
    }
}
