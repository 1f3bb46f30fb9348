/// The built-in example market: a small day of a card-alliance platform with good and bad
/// commands (the same lines as `Snapshots/examples/market.ndjson`, which a test keeps equal).
public enum ExampleMarket {
    public static let ndjson = """
        {"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S1","name":"Tencent Cards Ltd"}
        {"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S2","name":"Steam Wallet Co"}
        {"type":"product.list","at":"2026-03-01T08:01:00Z","sku":"QQ-100","supplier":"S1","name":"QQ coins 100","face":"100.00","cost":"80.00","refund_hours":72}
        {"type":"product.list","at":"2026-03-01T08:01:00Z","sku":"STEAM-50","supplier":"S2","name":"Steam 50","face":"50.00","cost":"42.00"}
        {"type":"stock.add","at":"2026-03-01T08:02:00Z","sku":"QQ-100","batch":"QQ-B1","codes":["QQ-AAAA-0001","QQ-AAAA-0002","QQ-AAAA-0003","QQ-AAAA-0004","QQ-AAAA-0005"]}
        {"type":"stock.add","at":"2026-03-01T08:02:00Z","sku":"STEAM-50","batch":"ST-B1","count":20}
        {"type":"stock.add","at":"2026-03-01T08:02:30Z","sku":"QQ-100","batch":"QQ-B2","codes":["QQ-AAAA-0003","QQ-BBBB-0001"]}
        {"type":"platform.set_markup","at":"2026-03-01T08:03:00Z","sku":"*","bps":500}
        {"type":"price.set_floor","at":"2026-03-01T08:03:00Z","sku":"STEAM-50","min":"45.00"}
        {"type":"distributor.join","at":"2026-03-01T08:04:00Z","distributor":"D1","name":"Golden Dragon Cards"}
        {"type":"distributor.join","at":"2026-03-01T08:04:00Z","distributor":"D2","name":"Night Owl Games","parent":"D1"}
        {"type":"distributor.set_markup","at":"2026-03-01T08:05:00Z","distributor":"D1","sku":"*","fixed":"2.00"}
        {"type":"distributor.set_markup","at":"2026-03-01T08:05:00Z","distributor":"D2","sku":"QQ-100","bps":300}
        {"type":"distributor.set_override","at":"2026-03-01T08:05:00Z","distributor":"D1","bps":1000}
        {"type":"order.place","at":"2026-03-01T09:00:00Z","order":"O1","distributor":"D2","sku":"QQ-100","qty":2,"buyer":"alice","expect_unit_price":"88.58"}
        {"type":"order.place","at":"2026-03-01T09:05:00Z","order":"O2","distributor":"D1","sku":"STEAM-50","qty":3,"buyer":"bob"}
        {"type":"order.reserve","at":"2026-03-01T09:10:00Z","order":"O3","distributor":"D2","sku":"QQ-100","qty":1,"buyer":"carol","ttl_seconds":600}
        {"type":"order.pay","at":"2026-03-01T09:12:00Z","order":"O3"}
        {"type":"order.pay","at":"2026-03-01T09:12:05Z","order":"O3"}
        {"type":"order.place","at":"2026-03-01T09:20:00Z","order":"O4","distributor":"D2","sku":"QQ-100","qty":5,"buyer":"dave"}
        {"type":"distributor.set_markup","at":"2026-03-01T09:30:00Z","distributor":"D1","sku":"STEAM-50","price":"44.00"}
        {"type":"order.place","at":"2026-03-01T09:31:00Z","order":"O5","distributor":"D1","sku":"STEAM-50","qty":1,"buyer":"erin"}
        {"type":"order.refund","at":"2026-03-01T10:00:00Z","refund":"R1","order":"O1","amount":"10.00","reason":"one code did not work"}
        {"type":"order.place","at":"2026-03-01T09:59:00Z","order":"O6","distributor":"D1","sku":"QQ-100","qty":1,"buyer":"frank"}
        {"type":"settlement.run","at":"2026-03-02T10:00:00Z"}
        {"type":"payout.make","at":"2026-03-02T11:00:00Z","payout":"P1","distributor":"D1","amount":"5.00"}
        {"type":"payout.make","at":"2026-03-02T11:00:00Z","payout":"P2","distributor":"D2","amount":"100.00"}
        {"type":"supplier.charge_fee","at":"2026-03-02T12:00:00Z","fee":"F1","supplier":"S1","amount":"3.00","memo":"March listing fee"}

        """
}
