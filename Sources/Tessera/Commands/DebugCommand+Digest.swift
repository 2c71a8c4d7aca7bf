/// DEBUG DIGEST and DEBUG DIGEST-VALUE (Redis 7.0's debug.c): the SHA1-based digest of the whole
/// data set or of single values, bit for bit what Redis computes for the same data, so a Tessera
/// and a Redis can be compared with one command. DEBUG holds every shard while it runs, so the
/// whole-keyspace digest is taken at one instant.
extension DebugCommand {
    /// DEBUG DIGEST: one status line of 40 hex digits (40 zeros for an empty server).
    static func digest(_ context: inout CommandContext) {
        DatasetDigest.compute(context.engine.stores).withHexDigits { context.reply.writeRESPSimpleString($0) }
    }

    /// DEBUG DIGEST-VALUE [key ...]: an array with each value's digest in the client's database;
    /// a missing key gives 40 zeros. Keys are found as Redis's dictFind finds them: a logically
    /// expired key not yet reclaimed still has its digest, and nothing is expired or touched.
    static func digestValue(_ context: inout CommandContext) {
        let count = context.arguments.count
        context.replyArrayHeader(count - 2)
        for index in 2..<count {
            let key = context[index]
            let digest = context.keyspace.table(for: key).find(key).map(ValueDigest.of) ?? .zero
            digest.withHexDigits { context.reply.writeRESPSimpleString($0) }
        }
    }
}
