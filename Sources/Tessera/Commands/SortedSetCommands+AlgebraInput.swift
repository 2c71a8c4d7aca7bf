/// An input of ZUNION/ZINTER/ZDIFF/ZINTERCARD: a sorted set, or a plain set, which Redis's
/// zunionInterDiffGenericCommand reads as a sorted set whose every score is 1.
struct AlgebraInput {
    private enum Storage {
        case sortedSet(SortedSetValue)
        case set(SetValue)
    }

    private let storage: Storage

    /// Nil for a key of another type.
    init?(_ entry: Entry) {
        switch entry.type {
        case .zset: storage = .sortedSet(SortedSetValue(entry))
        case .set: storage = .set(SetValue(entry))
        default: return nil
        }
    }

    var count: Int {
        switch storage {
        case .sortedSet(let value): value.count
        case .set(let value): value.count
        }
    }

    /// Every member with its score, until `body` returns false.
    func forEach(_ body: SortedSetValue.Visitor) {
        switch storage {
        case .sortedSet(let value):
            value.forEach(body)
        case .set(let value):
            var going = true
            value.forEach { member in
                guard going else { return }
                going = member.withBytes { body($0, 1) }
            }
        }
    }

    func score(of member: UnsafeRawBufferPointer) -> Double? {
        switch storage {
        case .sortedSet(let value): value.score(of: member)
        case .set(let value): value.contains(member) ? 1 : nil
        }
    }
}
