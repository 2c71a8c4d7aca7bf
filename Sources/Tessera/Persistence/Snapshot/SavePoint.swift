/// One `save <seconds> <changes>` rule: snapshot when at least `changes` writes are unsaved
/// and the last successful save is more than `seconds` old.
struct SavePoint: Equatable, Sendable {
    let seconds: Int64
    let changes: Int

    /// The pairs of a canonical `save` value ("3600 1 300 100"); "" gives none.
    static func parse(_ value: String) -> [SavePoint] {
        let numbers = value.split(separator: " ").compactMap { Int64($0) }
        return stride(from: 0, to: numbers.count - 1, by: 2).map {
            SavePoint(seconds: numbers[$0], changes: Int(numbers[$0 + 1]))
        }
    }

    /// serverCron's test for this rule.
    func isDue(unsavedChanges: Int, secondsSinceLastSave: Int64) -> Bool {
        unsavedChanges >= changes && secondsSinceLastSave > seconds
    }
}
