/// A range of scores with each end inclusive or exclusive, as ZRANGEBYSCORE's `min max`
/// (`(1.5`, `-inf`, `+inf`); infinities are plain `Double.infinity` bounds.
struct ScoreRange {
    var min: Double
    var max: Double
    var minExclusive = false
    var maxExclusive = false

    init(min: Double, max: Double, minExclusive: Bool = false, maxExclusive: Bool = false) {
        self.min = min
        self.max = max
        self.minExclusive = minExclusive
        self.maxExclusive = maxExclusive
    }

    /// Every score, `-inf` to `+inf`.
    static let all = ScoreRange(min: -.infinity, max: .infinity)

    @inline(__always)
    func isAboveMin(_ score: Double) -> Bool { minExclusive ? score > min : score >= min }

    @inline(__always)
    func isBelowMax(_ score: Double) -> Bool { maxExclusive ? score < max : score <= max }

    func contains(_ score: Double) -> Bool { isAboveMin(score) && isBelowMax(score) }

    /// Whether no score at all can fall inside (`5 3`, `(5 5`).
    var isEmpty: Bool { min > max || (min == max && (minExclusive || maxExclusive)) }
}
