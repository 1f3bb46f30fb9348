/// The `risk` table: the projection's findings plus self-dealing, which needs the key.
extension RiskProjection {
    /// One finding of the report.
    struct Finding {
        var kind: String
        var subject: String
        var firstSequence: UInt64
        var detail: String
    }

    /// `kind,subject,first_seq,detail`, sorted by kind, then subject (byte order).
    func report(orders: OrderCatalog, fingerprints: FingerprintKey) throws(ReplayError) -> ReportTable {
        var findings = bulkFindings + floorFindings + refundFindings
        findings += try Self.selfDealing(orders, fingerprints: fingerprints)
        findings.sort {
            $0.kind != $1.kind ? $0.kind.utf8.lexicographicallyPrecedes($1.kind.utf8)
                : $0.subject.utf8.lexicographicallyPrecedes($1.subject.utf8)
        }
        var table = ReportTable(columns: [.init("kind"), .init("subject"), .init("first_seq", .integer),
                                          .init("detail")])
        for finding in findings {
            table.append([finding.kind, finding.subject, String(finding.firstSequence), finding.detail])
        }
        return table
    }

    private var bulkFindings: [Finding] {
        bulkBuyers.map { buyer, finding in
            Finding(kind: "bulk_buyer", subject: buyer.hex, firstSequence: finding.sequence,
                    detail: "\(Self.count(finding.orders, "order")), \(Self.count(finding.units, "unit")) "
                        + "from \(finding.from) to \(finding.to)")
        }
    }

    private var floorFindings: [Finding] {
        floorBreaches.map { seller, breach in
            let skus = breach.skus.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { sku in
                let perSku = breach.skus[sku] ?? SkuBreach()
                var text = "\(sku) ×\(perSku.attempts)"
                if let lowest = perSku.lowest { text += ", lowest unit price \(lowest)" }
                if let floor = perSku.floor { text += " against floor \(floor)" }
                return text
            }
            return Finding(kind: "floor_breach", subject: seller, firstSequence: breach.firstSequence,
                           detail: "\(Self.count(breach.attempts, "order")) rejected below the floor: "
                               + skus.joined(separator: "; "))
        }
    }

    private var refundFindings: [Finding] {
        sellers.compactMap { seller, tally in
            guard flags(tally), let first = tally.firstSequence else { return nil }
            return Finding(kind: "high_refund_rate", subject: seller, firstSequence: first,
                           detail: "\(tally.refunded) of \(tally.paid) paid orders refunded "
                               + "(\(Hundredths.percentage(tally.refunded, of: tally.paid)?.description ?? "")%)")
        }
    }

    /// `1 order`, `3 orders`.
    static func count(_ count: Int64, _ noun: String) -> String {
        "\(count) \(noun)" + (count == 1 ? "" : "s")
    }

    /// What one distributor bought inside its own chain.
    private struct SelfDealing {
        var firstSequence: UInt64
        var firstOrder: String
        var orders: Int64 = 0
        var units: Int64 = 0
        var gross: Int64 = 0
        var sellers: Set<String> = []
    }

    /// Every accepted order whose buyer fingerprint is that of a distributor in the seller's
    /// chain. Each distributor id is fingerprinted once (buyer domain, see `FingerprintKey`).
    static func selfDealing(_ orders: OrderCatalog, fingerprints: FingerprintKey) throws(ReplayError)
        -> [Finding] {
        var distributorFingerprints: [String: Fingerprint] = [:]
        var found: [String: SelfDealing] = [:]
        try orders.forEach { order, entry throws(ReplayError) in
            var dealers: [String] = []
            orders.forEachChainDistributor(of: order, entry) { distributor in
                let fingerprint = distributorFingerprints[distributor] ?? fingerprints.buyer(distributor)
                distributorFingerprints[distributor] = fingerprint
                if fingerprint == entry.buyer { dealers.append(distributor) }
            }
            for distributor in dealers {
                var dealing = found[distributor] ?? SelfDealing(firstSequence: entry.sequence, firstOrder: order)
                if entry.sequence < dealing.firstSequence {
                    dealing.firstSequence = entry.sequence
                    dealing.firstOrder = order
                }
                dealing.orders += 1
                dealing.units = try dealing.units.adding(entry.quantity, in: entry.sequence)
                dealing.gross = try dealing.gross.adding(entry.gross, in: entry.sequence)
                dealing.sellers.insert(orders.seller(of: order, entry))
                found[distributor] = dealing
            }
        }
        return found.map { distributor, dealing in
            let sellers = dealing.sellers.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return Finding(kind: "self_dealing", subject: distributor, firstSequence: dealing.firstSequence,
                           detail: "bought \(Self.count(dealing.orders, "order")), "
                               + "\(Self.count(dealing.units, "unit")), "
                               + "\(Money(minorUnits: dealing.gross)) in its own chain from "
                               + "\(sellers.joined(separator: ", ")); first \(dealing.firstOrder)")
        }
    }
}

extension LedgerDirectory {
    /// `risk` with `thresholds`, as the ledger stood at `cut`.
    public func risk(_ thresholds: RiskThresholds = .standard, cut: ReplayCut = .everything,
                     validPrefix: Bool = false, usesSnapshots: Bool = true, progress: ReplayProgress? = nil,
                     note: (String) -> Void = { _ in }) throws(StoreError) -> ReportTable {
        let key = FingerprintKey(secret: try readSecretKey())
        // The standard thresholds are kept by the shared projections; others need a fold.
        let risk: RiskProjection
        let orders: OrderCatalog
        if thresholds == .standard {
            // Self-dealing is found from the order catalog, so a snapshot's must be loaded too.
            let projections = try replayProjections(cut: cut, validPrefix: validPrefix, usesSnapshots: usesSnapshots,
                                                    needsCatalog: true, progress: progress, note: note)
            (risk, orders) = (projections.risk, projections.orders)
        } else {
            let replay = try replay(RiskProjection(thresholds: thresholds), cut: cut, validPrefix: validPrefix)
            (risk, orders) = (replay.fold, replay.orders)
        }
        defer { StateDisposal.dispose(orders) }
        do throws(ReplayError) {
            return try risk.report(orders: orders, fingerprints: key)
        } catch {
            throw StoreError(.damaged, "the log of \(path) is inconsistent at \(error)")
        }
    }
}
