import Atomics

/// The conversion thresholds the type APIs consult on every write, mirrored out of
/// `Configuration` (a locked dictionary of strings) into relaxed atomics by the engine's
/// configuration observer, so a write reads one word instead of taking a lock.
public final class EncodingLimits: Sendable {
    let setMaxIntsetEntries = ManagedAtomic<Int>(512)

    /// The directives mirrored here.
    static let names = ["set-max-intset-entries"]

    func update(_ name: String, _ value: String) {
        switch name {
        case "set-max-intset-entries":
            setMaxIntsetEntries.store(Int(value) ?? 512, ordering: .relaxed)
        default:
            break
        }
    }

    var maxIntsetEntries: Int { setMaxIntsetEntries.load(ordering: .relaxed) }
}
