import Testing
@testable import TierLedger

@Suite struct IdentifierTests {
    @Test(arguments: ["a", "S1", "SKU-0193", "order_1.2:3", String(repeating: "x", count: 64), "0"])
    func acceptsValidIdentifiers(text: String) {
        #expect(Identifier.isValid(text))
    }

    @Test(arguments: ["", String(repeating: "x", count: 65), "a b", "a/b", "é", "*", "a\n", "卡盟", "a,b", "\"a\""])
    func rejectsInvalidIdentifiers(text: String) {
        #expect(!Identifier.isValid(text))
    }
}
