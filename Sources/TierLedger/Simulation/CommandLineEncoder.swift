/// Appends commands to a byte buffer as NDJSON lines, byte for byte what `Command.ndjson`
/// writes, several times faster: room for the whole line is reserved once (from an upper
/// bound on its size) and then filled through a pointer, keys are precomputed bytes, and the
/// date part of a time is formatted once a day.
///
/// It exists because the simulator must write a million commands a second; `Command.ndjson`
/// stays the definition of the canonical form, and `CommandLineEncoderTests` holds this
/// encoder to it on every command of a simulated market (all 22 types, every optional
/// field present and absent) and on odd values (escapes, non-ASCII, milliseconds, dates
/// before 1970).
struct CommandLineEncoder {
    /// The day whose `"YYYY-MM-DDT` is cached, and those bytes.
    private var cachedDay = Int64.min
    private var cachedDate: [UInt8] = []

    /// Appends `command` and a line feed.
    mutating func append(_ command: Command, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: Self.lineBound(command.action)))
        let written = write(command, into: &output, at: start)
        output.removeLast(output.count - start - (written ?? 0))
    }

    /// Writes `command` and a line feed into `buffer` from `offset`, if the line's bound fits
    /// in the bytes that follow; returns how many bytes it wrote, or `nil` (nothing written).
    /// Writers keep a buffer of fixed size and fill it, which spares `append`'s checks.
    mutating func write(_ command: Command, into buffer: inout [UInt8], at offset: Int) -> Int? {
        let bound = Self.lineBound(command.action)
        guard offset >= 0, bound <= buffer.count - offset else { return nil }
        refreshDate(for: command.at)
        let written = buffer.withUnsafeMutableBufferPointer { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            var line = LineCursor(start: base + offset)
            write(command, to: &line)
            return line.count
        }
        precondition(written <= bound, "the line bound of \(command.action.typeName) is too small")
        return written
    }

    private func write(_ command: Command, to output: inout LineCursor) {
        literal(#"{"type":"#, to: &output)
        output.quoted(command.action.typeName)
        literal(#","at":"#, to: &output)
        appendTime(command.at, to: &output)
        appendFields(of: command.action, to: &output)
        output.byte(UInt8(ascii: "}"))
        output.byte(UInt8(ascii: "\n"))
    }

    /// An upper bound on the line's length: each string escaped at worst as `\u00XX` (6
    /// bytes a byte), plus room for the keys, numbers, money and the time (at most 8 fields
    /// of at most 64 bytes each besides their strings).
    private static func lineBound(_ action: Command.Action) -> Int {
        var strings = 0
        var extra = 0
        switch action {
        case .registerSupplier(let supplier, let name): strings = supplier.utf8.count + name.utf8.count
        case .chargeFee(let fee, let supplier, _, let memo):
            strings = fee.utf8.count + supplier.utf8.count + (memo?.utf8.count ?? 0)
        case .listProduct(let listing):
            strings = listing.sku.utf8.count + listing.supplier.utf8.count + listing.name.utf8.count
        case .repriceProduct(let sku, _), .delistProduct(let sku), .setFloor(let sku, _),
             .setCeiling(let sku, _), .setPlatformMarkup(let sku, _):
            strings = sku.utf8.count
        case .addStock(let sku, let batch, let units):
            strings = sku.utf8.count + batch.utf8.count
            if case .codes(let codes) = units {
                for code in codes { strings += code.utf8.count }
                extra = 3 * codes.count
            }
        case .voidStock(let sku, let batch, _, let reason):
            strings = sku.utf8.count + batch.utf8.count + reason.utf8.count
        case .joinDistributor(let distributor, let name, let parent):
            strings = distributor.utf8.count + name.utf8.count + (parent?.utf8.count ?? 0)
        case .setDistributorMarkup(let distributor, let sku, _):
            strings = distributor.utf8.count + sku.utf8.count
        case .setOverride(let distributor, _): strings = distributor.utf8.count
        case .placeOrder(let request), .reserveOrder(let request, _):
            strings = request.order.utf8.count + request.distributor.utf8.count + request.sku.utf8.count
                + request.buyer.utf8.count
        case .payOrder(let order), .cancelOrder(let order): strings = order.utf8.count
        case .refundOrder(let refund, let order, _, let reason):
            strings = refund.utf8.count + order.utf8.count + (reason?.utf8.count ?? 0)
        case .openDispute(let dispute, let order, let reason):
            strings = dispute.utf8.count + order.utf8.count + reason.utf8.count
        case .resolveDispute(let dispute, _, _): strings = dispute.utf8.count
        case .runSettlement: strings = 0
        case .makePayout(let payout, let party, _):
            switch party {
            case .supplier(let id), .distributor(let id): strings = payout.utf8.count + id.utf8.count
            }
        }
        return 8 * 64 + 6 * strings + extra
    }

    // MARK: Fields, in the order of `CommandWriter`

    private func appendFields(of action: Command.Action, to output: inout LineCursor) {
        switch action {
        case .registerSupplier(let supplier, let name):
            string(#","supplier":"#, supplier, to: &output)
            string(#","name":"#, name, to: &output)
        case .chargeFee(let fee, let supplier, let amount, let memo):
            string(#","fee":"#, fee, to: &output)
            string(#","supplier":"#, supplier, to: &output)
            money(#","amount":"#, amount, to: &output)
            if let memo { string(#","memo":"#, memo, to: &output) }
        case .listProduct(let listing):
            string(#","sku":"#, listing.sku, to: &output)
            string(#","supplier":"#, listing.supplier, to: &output)
            string(#","name":"#, listing.name, to: &output)
            money(#","face":"#, listing.face, to: &output)
            money(#","cost":"#, listing.cost, to: &output)
            if let hours = listing.refundHours { integer(#","refund_hours":"#, hours, to: &output) }
        case .repriceProduct(let sku, let cost):
            string(#","sku":"#, sku, to: &output)
            money(#","cost":"#, cost, to: &output)
        case .delistProduct(let sku):
            string(#","sku":"#, sku, to: &output)
        case .addStock(let sku, let batch, let units):
            string(#","sku":"#, sku, to: &output)
            string(#","batch":"#, batch, to: &output)
            switch units {
            case .codes(let codes): strings(#","codes":"#, codes, to: &output)
            case .count(let count): integer(#","count":"#, count, to: &output)
            }
        case .voidStock(let sku, let batch, let count, let reason):
            string(#","sku":"#, sku, to: &output)
            string(#","batch":"#, batch, to: &output)
            integer(#","count":"#, count, to: &output)
            string(#","reason":"#, reason, to: &output)
        case .setPlatformMarkup(let sku, let rule):
            string(#","sku":"#, sku, to: &output)
            appendRule(rule, to: &output)
        case .setFloor(let sku, let minimum):
            string(#","sku":"#, sku, to: &output)
            money(#","min":"#, minimum, to: &output)
        case .setCeiling(let sku, let maximum):
            string(#","sku":"#, sku, to: &output)
            money(#","max":"#, maximum, to: &output)
        default:
            appendDistributorAndOrderFields(of: action, to: &output)
        }
    }

    private func appendDistributorAndOrderFields(of action: Command.Action,
                                                 to output: inout LineCursor) {
        switch action {
        case .joinDistributor(let distributor, let name, let parent):
            string(#","distributor":"#, distributor, to: &output)
            string(#","name":"#, name, to: &output)
            if let parent { string(#","parent":"#, parent, to: &output) }
        case .setDistributorMarkup(let distributor, let sku, let rule):
            string(#","distributor":"#, distributor, to: &output)
            string(#","sku":"#, sku, to: &output)
            appendRule(rule, to: &output)
        case .setOverride(let distributor, let bps):
            string(#","distributor":"#, distributor, to: &output)
            integer(#","bps":"#, bps, to: &output)
        case .placeOrder(let request):
            appendRequest(request, ttlSeconds: nil, to: &output)
        case .reserveOrder(let request, let ttlSeconds):
            appendRequest(request, ttlSeconds: ttlSeconds, to: &output)
        case .payOrder(let order), .cancelOrder(let order):
            string(#","order":"#, order, to: &output)
        default:
            appendAfterSalesFields(of: action, to: &output)
        }
    }

    private func appendAfterSalesFields(of action: Command.Action, to output: inout LineCursor) {
        switch action {
        case .refundOrder(let refund, let order, let amount, let reason):
            string(#","refund":"#, refund, to: &output)
            string(#","order":"#, order, to: &output)
            money(#","amount":"#, amount, to: &output)
            if let reason { string(#","reason":"#, reason, to: &output) }
        case .openDispute(let dispute, let order, let reason):
            string(#","dispute":"#, dispute, to: &output)
            string(#","order":"#, order, to: &output)
            string(#","reason":"#, reason, to: &output)
        case .resolveDispute(let dispute, let outcome, let amount):
            string(#","dispute":"#, dispute, to: &output)
            string(#","outcome":"#, outcome.rawValue, to: &output)
            if let amount { money(#","amount":"#, amount, to: &output) }
        case .makePayout(let payout, let party, let amount):
            string(#","payout":"#, payout, to: &output)
            switch party {
            case .supplier(let supplier): string(#","supplier":"#, supplier, to: &output)
            case .distributor(let distributor): string(#","distributor":"#, distributor, to: &output)
            }
            money(#","amount":"#, amount, to: &output)
        default:
            break  // settlement.run has no fields; every other type was written above.
        }
    }

    private func appendRequest(_ request: OrderRequest, ttlSeconds: Int64?,
                               to output: inout LineCursor) {
        string(#","order":"#, request.order, to: &output)
        string(#","distributor":"#, request.distributor, to: &output)
        string(#","sku":"#, request.sku, to: &output)
        integer(#","qty":"#, request.quantity, to: &output)
        string(#","buyer":"#, request.buyer, to: &output)
        if let ttlSeconds { integer(#","ttl_seconds":"#, ttlSeconds, to: &output) }
        if let price = request.expectUnitPrice { money(#","expect_unit_price":"#, price, to: &output) }
    }

    private func appendRule(_ rule: MarkupRule, to output: inout LineCursor) {
        switch rule {
        case .fixed(let amount): money(#","fixed":"#, amount, to: &output)
        case .bps(let bps): integer(#","bps":"#, bps, to: &output)
        case .price(let price): money(#","price":"#, price, to: &output)
        }
    }

    // MARK: Values

    @inline(__always)
    private func literal(_ text: StaticString, to output: inout LineCursor) {
        output.bytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private func string(_ key: StaticString, _ value: String, to output: inout LineCursor) {
        literal(key, to: &output)
        output.quoted(value)
    }

    private func strings(_ key: StaticString, _ values: [String], to output: inout LineCursor) {
        literal(key, to: &output)
        output.byte(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.byte(UInt8(ascii: ",")) }
            output.quoted(value)
        }
        output.byte(UInt8(ascii: "]"))
    }

    private func integer(_ key: StaticString, _ value: Int64, to output: inout LineCursor) {
        literal(key, to: &output)
        if value < 0 { output.byte(UInt8(ascii: "-")) }
        output.decimal(value.magnitude)
    }

    private func money(_ key: StaticString, _ value: Money, to output: inout LineCursor) {
        literal(key, to: &output)
        output.byte(UInt8(ascii: "\""))
        if value.minorUnits < 0 { output.byte(UInt8(ascii: "-")) }
        let magnitude = value.minorUnits.magnitude
        output.decimal(magnitude / 100)
        output.byte(UInt8(ascii: "."))
        output.byte(UInt8(ascii: "0") + UInt8(magnitude % 100 / 10))
        output.byte(UInt8(ascii: "0") + UInt8(magnitude % 10))
        output.byte(UInt8(ascii: "\""))
    }

    /// Days whose date the cache can hold: years 1970–9999 (the plain formatter handles
    /// signs and padding outside them).
    private static let cachedDays: ClosedRange<Int64> = 0...2_932_896

    /// Formats the date part of `time` when it is a new day.
    private mutating func refreshDate(for time: Timestamp) {
        let day = Timestamp.floorDivide(time.millisecondsSinceEpoch, 86_400_000)
        guard day != cachedDay, Self.cachedDays.contains(day) else { return }
        let (year, month, dayOfMonth) = Timestamp.civilDate(daysSinceEpoch: day)
        cachedDay = day
        cachedDate = [UInt8(ascii: "\"")]
        for (value, width, separator) in [(year, 4, "-"), (month, 2, "-"), (dayOfMonth, 2, "T")] {
            let digits = String(value)
            let padding = width - digits.utf8.count
            cachedDate.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: padding))
            cachedDate.append(contentsOf: digits.utf8)
            cachedDate.append(contentsOf: separator.utf8)
        }
    }

    /// `"YYYY-MM-DDTHH:MM:SS[.mmm]Z"` in UTC, as `Timestamp.rfc3339` writes it.
    private func appendTime(_ time: Timestamp, to output: inout LineCursor) {
        let milliseconds = time.millisecondsSinceEpoch
        let day = Timestamp.floorDivide(milliseconds, 86_400_000)
        guard day == cachedDay else {
            output.quoted(time.rfc3339)
            return
        }
        cachedDate.withUnsafeBytes { output.bytes($0) }
        let millisecondOfDay = milliseconds - day * 86_400_000
        let second = Int(millisecondOfDay / 1_000)
        output.twoDigits(second / 3_600)
        output.byte(UInt8(ascii: ":"))
        output.twoDigits(second / 60 % 60)
        output.byte(UInt8(ascii: ":"))
        output.twoDigits(second % 60)
        let fraction = Int(millisecondOfDay % 1_000)
        if fraction != 0 {
            output.byte(UInt8(ascii: "."))
            output.byte(UInt8(ascii: "0") + UInt8(fraction / 100))
            output.twoDigits(fraction % 100)
        }
        output.byte(UInt8(ascii: "Z"))
        output.byte(UInt8(ascii: "\""))
    }
}
