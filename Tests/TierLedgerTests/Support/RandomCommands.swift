import TierLedger

/// Seeded random well-formed commands of all 22 types, for round-trip properties.
///
/// Values reach the edges on purpose: ids of 1 and 64 characters, money up to the input
/// maximum, integers over the whole Int64 range, times from year 0000 to 9999 with
/// milliseconds, names and texts with quotes, backslashes, control characters and non-ASCII.
struct RandomCommands {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz"
                                  + "0123456789._:-")
    static let textPieces = ["a", "Z", "9", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}",
                             "é",
                             "腾讯", "🎮", "\u{2028}", "{", "}", ",", ":"]

    mutating func id() -> String {
        let length = random.chance(1, in: 10) ? 64 : Int(random.integer(in: 1...12))
        return String((0..<length).map { _ in random.pick(Self.idAlphabet) })
    }

    /// Text of `lengths` UTF-8 bytes at most (never more than the upper bound).
    mutating func text(_ lengths: ClosedRange<Int>) -> String {
        let upper = Int64(min(lengths.upperBound, 40))
        let target = Int(random.integer(in: Int64(lengths.lowerBound)...upper))
        var text = ""
        while text.utf8.count < target {
            let piece = random.pick(Self.textPieces)
            if text.utf8.count + piece.utf8.count > lengths.upperBound { break }
            text += piece
        }
        while text.utf8.count < lengths.lowerBound { text += "n" }
        return text
    }

    mutating func money() -> Money {
        switch random.integer(in: 0...3) {
        case 0: Money(minorUnits: random.integer(in: 0...99))
        case 1: Money(minorUnits: Money.inputMaximumMinorUnits - random.integer(in: 0...2))
        default: Money(minorUnits: random.integer(in: 0...Money.inputMaximumMinorUnits))
        }
    }

    mutating func integer() -> Int64 {
        switch random.integer(in: 0...3) {
        case 0: random.integer(in: -2...2)
        case 1: random.chance(1, in: 2) ? .max : .min
        default: random.integer(in: Int64.min...Int64.max)
        }
    }

    mutating func time() -> Timestamp {
        // 0000-01-01T00:00:00Z through 9999-12-31T23:59:59.999Z.
        Timestamp(millisecondsSinceEpoch:
                    random.integer(in: -62_167_219_200_000...253_402_300_799_999))
    }

    mutating func maybe<Value>(_ make: (inout RandomCommands) -> Value) -> Value? {
        random.chance(1, in: 2) ? make(&self) : nil
    }

    mutating func command() -> Command {
        Command(at: time(), action: action(typeIndex: Int(random.integer(in: 0...21))))
    }

    mutating func action(typeIndex: Int) -> Command.Action {
        switch typeIndex {
        case 0: return .registerSupplier(supplier: id(), name: text(1...256))
        case 1: return .chargeFee(fee: id(), supplier: id(), amount: money(),
                                  memo: maybe { $0.text(0...1024) })
        case 2: return .listProduct(ProductListing(sku: id(), supplier: id(), name: text(1...256),
                                                   face: money(), cost: money(),
                                                   refundHours: maybe { $0.integer() }))
        case 3: return .repriceProduct(sku: id(), cost: money())
        case 4: return .delistProduct(sku: id())
        case 5:
            let units: StockUnits = random.chance(1, in: 2)
                ? .count(integer())
                : .codes((0..<random.integer(in: 0...4)).map { _ in text(1...256) })
            return .addStock(sku: id(), batch: id(), units: units)
        case 6: return .voidStock(sku: id(), batch: id(), count: integer(), reason: text(0...1024))
        case 7:
            let rule: MarkupRule = random.chance(1, in: 2) ? .fixed(money()) : .bps(integer())
            return .setPlatformMarkup(sku: skuSelector(), rule: rule)
        case 8: return .setFloor(sku: id(), minimum: money())
        case 9: return .setCeiling(sku: id(), maximum: money())
        case 10:
            return .joinDistributor(distributor: id(), name: text(1...256),
                                    parent: maybe { $0.id() })
        case 11:
            let rule: MarkupRule = switch random.integer(in: 0...2) {
            case 0: .fixed(money())
            case 1: .bps(integer())
            default: .price(money())
            }
            return .setDistributorMarkup(distributor: id(), sku: skuSelector(), rule: rule)
        case 12: return .setOverride(distributor: id(), bps: integer())
        default: return laterAction(typeIndex: typeIndex)
        }
    }

    private mutating func laterAction(typeIndex: Int) -> Command.Action {
        switch typeIndex {
        case 13: return .placeOrder(orderRequest())
        case 14: return .reserveOrder(orderRequest(), ttlSeconds: integer())
        case 15: return .payOrder(order: id())
        case 16: return .cancelOrder(order: id())
        case 17: return .refundOrder(refund: id(), order: id(), amount: money(),
                                     reason: maybe { $0.text(0...1024) })
        case 18: return .openDispute(dispute: id(), order: id(), reason: text(0...1024))
        case 19:
            let outcome: DisputeOutcome = random.chance(1, in: 2) ? .refund : .reject
            let amount = outcome == .refund ? maybe { $0.money() } : nil
            return .resolveDispute(dispute: id(), outcome: outcome, amount: amount)
        case 20: return .runSettlement
        default:
            let party: Party = random.chance(1, in: 2) ? .supplier(id()) : .distributor(id())
            return .makePayout(payout: id(), party: party, amount: money())
        }
    }

    mutating func skuSelector() -> String {
        random.chance(1, in: 3) ? Identifier.anySku : id()
    }

    mutating func orderRequest() -> OrderRequest {
        OrderRequest(order: id(), distributor: id(), sku: id(), quantity: integer(), buyer: id(),
                     expectUnitPrice: maybe { $0.money() })
    }
}
