/// ZRANDMEMBER key [count [WITHSCORES]] (Redis 7.0's zrandmemberCommand): members picked by
/// rank, so a skiplist answers each pick in O(log n).
extension SortedSetCommands {
    static let randomTable: [CommandSpec] = [
        spec("zrandmember", arity: -2, flags: [.readonly], since: "6.2.0",
             summary: "Get one or multiple random elements from a sorted set",
             complexity: "O(N) where N is the number of elements returned", handler: zrandmember),
    ]

    static func zrandmember(_ context: inout CommandContext) {
        guard context.arguments.count >= 3 else { return randomOne(&context) }
        guard let count = context.integerArgument(2) else { return }
        guard count != Int64.min else {
            return context.replyError(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
        }
        if context.arguments.count > 4 || (context.arguments.count == 4 && !context.arguments.matches(3, "withscores")) {
            return context.replyError(ReplyError.syntax)
        }
        let withScores = context.arguments.count == 4
        if withScores && (count < -Int64.max / 2 || count > Int64.max / 2) {
            return context.replyError("ERR value is out of range")
        }
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyArrayHeader(0) }
            return
        }
        randomMany(&context, value, count: count, withScores: withScores)
    }

    private static func randomOne(_ context: inout CommandContext) {
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyNull() }
            return
        }
        var generator = FastRandom(seed: UInt64.random(in: 1...UInt64.max))
        let rank = Int.random(in: 0..<value.count, using: &generator)
        value.forEach(ranks: rank...rank, reverse: false) { member, _ in
            context.replyBulk(member)
            return false
        }
    }

    /// A negative count repeats members (each pick independent, in random order); a positive
    /// one returns distinct members, the whole set when it asks for at least as many.
    private static func randomMany(_ context: inout CommandContext, _ value: SortedSetValue, count: Int64,
                                   withScores: Bool) {
        let size = value.count
        let wanted = Int(count.magnitude)
        guard wanted > 0 else { return context.replyArrayHeader(0) }
        let pairs = withScores && context.resp == .v3
        func emit(_ member: UnsafeRawBufferPointer, _ score: Double) -> Bool {
            if pairs { context.replyArrayHeader(2) }
            context.replyBulk(member)
            if withScores { context.replyDouble(score) }
            return true
        }
        var generator = FastRandom(seed: UInt64.random(in: 1...UInt64.max))
        if count < 0 || wanted == 1 {
            context.replyArrayHeader(withScores && !pairs ? wanted * 2 : wanted)
            for _ in 0..<wanted {
                let rank = Int.random(in: 0..<size, using: &generator)
                value.forEach(ranks: rank...rank, reverse: false) { emit($0, $1) && false }
            }
            return
        }
        let replied = min(wanted, size)
        context.replyArrayHeader(withScores && !pairs ? replied * 2 : replied)
        if wanted >= size {
            value.forEach { emit($0, $1) }
            return
        }
        // Distinct ranks: draw until there are enough (few draws, as wanted < size), then
        // reply in rank order as Redis's listpack sampling does.
        var ranks = Set<Int>(minimumCapacity: wanted)
        if wanted * 3 > size {
            ranks = Set(0..<size)
            while ranks.count > wanted { ranks.remove(ranks.randomElement(using: &generator)!) }
        } else {
            while ranks.count < wanted { ranks.insert(Int.random(in: 0..<size, using: &generator)) }
        }
        var rank = 0
        value.forEach { member, score in
            if ranks.contains(rank) { _ = emit(member, score) }
            rank += 1
            return true
        }
    }
}
