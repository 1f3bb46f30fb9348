import Foundation

/// What becomes of a large in-memory state (a replayed ledger of millions of orders) once a
/// command is done with it.
///
/// Freeing such a state is millions of `free` calls, one per array and string: at 2 M commands
/// about half a second at the end of `append`, 4% of its time. A process that exits right
/// afterwards gains nothing from it, since the kernel takes the whole address space back at once
/// (compilers skip freeing for the same reason). So the `tierledger` executable calls
/// `keepStatesUntilExit()` first, and `dispose` then parks each finished state in a list that
/// is never freed. Anyone else using the library (the tests, a long-running service) keeps the
/// default: `dispose` lets the state go, and it is freed as usual.
///
/// Nothing durable depends on this: by the time a state is disposed of, everything it
/// recorded is on disk and the writer's lock has been released (`LedgerWriter.close`).
public enum StateDisposal {
    private static let parking = Parking()

    /// For a process that exits when its command is done: finished states are kept, not freed.
    public static func keepStatesUntilExit() {
        parking.keepsUntilExit = true
    }

    /// Lets `state` go: freed now, or kept until the process exits (see the type's comment).
    static func dispose(_ state: consuming some Any) {
        parking.take(state)
    }

    private final class Parking: @unchecked Sendable {
        private let lock = NSLock()
        private var keeps = false
        private var kept: [Any] = []

        var keepsUntilExit: Bool {
            get { lock.withLock { keeps } }
            set { lock.withLock { keeps = newValue } }
        }

        func take(_ state: consuming some Any) {
            let box: Any = state
            lock.withLock {
                if keeps { kept.append(box) }
            }
        }
    }
}
