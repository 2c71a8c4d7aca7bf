import NIOCore
import RESP

/// Runs one command into a reply buffer and ends it the same way wherever it runs (the client's
/// loop, a remote shard, under shard locks): timed with one clock reading, counted in
/// commandstats/errorstats, shown to SLOWLOG and LATENCY.
enum CommandInvocation {
    struct Outcome {
        var microseconds: Int
        /// The command blocked its client (registered as a `BlockedClient`, no reply yet).
        var blocked: BlockedClient?
        /// In `.retry` mode: the command found nothing and would still block.
        var wouldBlock = false
    }

    /// `placeholder` stands in for `reply` while the command owns it, so the buffer is never
    /// shared and never copied on write.
    @inline(__always)
    static func run(_ spec: CommandSpec, _ arguments: Arguments, into reply: inout ByteBuffer,
                    placeholder: ByteBuffer, engine: Engine, pinnedShard: Int, db: Int, resp: RESPVersion,
                    session: ClientSession?, client: ClientIdentity? = nil,
                    clock: inout CommandClock, countedIn store: ShardStore,
                    blockMode: BlockMode = .allowed) -> Outcome {
        let start = reply.writerIndex
        let began = clock.lastReading
        var context = CommandContext(
            arguments: arguments, reply: reply,
            keyspace: KeyspaceView(engine: engine, pinnedShard: pinnedShard, db: db, now: clock.wallMilliseconds),
            resp: resp, session: session, engine: engine, spec: spec, blockMode: blockMode)
        reply = placeholder
        spec.handler(&context)
        reply = context.reply
        if let request = context.blockRequest {
            // Counted when it is finally served, as Redis counts a blocked call once.
            if blockMode == .retry { return Outcome(microseconds: 0, wouldBlock: true) }
            let blocked = engine.registerBlocked(request, spec, arguments, db: db, resp: resp, session: session)
            return Outcome(microseconds: 0, blocked: blocked)
        }
        if pinnedShard >= 0 && engine.stores[pinnedShard].blocking.hasReadyKeys {
            engine.serveBlockedClients(onShard: pinnedShard, holding: [])
        }
        let elapsed = clock.read() - began
        // A short access after the handler: a command such as INFO or CONFIG RESETSTAT reads or
        // resets these very counters while it runs.
        CommandAccounting.record(spec, reply: reply, from: start, microseconds: elapsed, in: &store.commandStats)
        engine.observe(spec, arguments, session: session, client: client, microseconds: elapsed)
        return Outcome(microseconds: elapsed)
    }
}
