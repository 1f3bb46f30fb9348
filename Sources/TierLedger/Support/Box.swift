/// A value shared by reference between closures that run one after another: a skimming
/// replay's interest reads the fold that its visitor folds into (`CatalogReplay`, `reconcile`).
final class Box<Value> {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
