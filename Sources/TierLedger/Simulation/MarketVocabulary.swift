/// The words of the simulated market: brands, suppliers, face values, shop names, reasons.
/// Plain ASCII, so that lines stay cheap to write and easy to grep.
enum MarketVocabulary {
    /// Sku id prefix (≤ 6 letters, so ids stay short) and product name.
    static let brands: [(prefix: String, name: String)] = [
        ("QQ", "QQ coins"), ("STEAM", "Steam wallet"), ("WOW", "World of Warcraft time card"),
        ("NTES", "NetEase points"), ("XBOX", "Xbox gift card"), ("PSN", "PlayStation Store card"),
        ("APPLE", "App Store card"), ("GPLAY", "Google Play card"), ("IQIYI", "iQIYI VIP"),
        ("YOUKU", "Youku VIP"), ("TXVID", "Tencent Video VIP"), ("MIHOYO", "Genshin crystals"),
        ("JX3", "JX3 Online card"), ("DNF", "DNF points"), ("LOL", "League RP"),
        ("NINT", "Nintendo eShop card"), ("OFFICE", "Office 365 key"), ("WIN", "Windows key"),
        ("KASPER", "Kaspersky licence"), ("NETFLX", "Netflix card"), ("SPOTFY", "Spotify card"),
        ("BLIZZ", "Battle.net balance"), ("EPIC", "Epic V-Bucks"), ("MOBILE", "Mobile top-up"),
    ]

    static let supplierNames = [
        "Tencent Cards Ltd", "Steam Wallet Co", "Shenzhen Digital Codes", "Hangzhou Key House",
        "Jun Wang Cards", "Sheng Da Points", "Xiamen Game Supply", "Guangzhou Card Union",
        "Chengdu Virtual Goods", "Beijing Licence Depot", "Wuhan Top-Up Centre",
        "Nanjing Code Works",
    ]

    /// Face values in yuan.
    static let faceValues: [Int64] = [
        2, 5, 6, 10, 15, 20, 30, 45, 50, 60, 68, 88, 98, 100, 128, 198, 200, 300, 328,
        388, 500, 648,
    ]

    static let shopWords = [
        "Golden Dragon", "Night Owl", "Lucky Star", "Blue Sky", "Red Lantern", "Jade Rabbit",
        "Swift Tiger", "Silver Moon", "Happy Panda", "Cloud Nine", "East Wind", "Pearl River",
    ]
    static let shopKinds = ["Cards", "Games", "Top-Up", "Digital", "Recharge", "Keys"]

    static let refundReasons = [
        "code already used", "wrong region", "buyer changed mind", "duplicate purchase",
        "code did not activate",
    ]
    static let disputeReasons = [
        "paid and got no code", "code invalid", "charged twice", "not as described",
    ]
    static let voidReasons = [
        "codes leaked", "supplier recall", "duplicate codes reported", "expired stock",
    ]
}
