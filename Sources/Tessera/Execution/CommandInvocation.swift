import NIOCore
import RESP

/// Runs one command into a reply buffer and ends it the same way wherever it runs (the client's
/// loop, a remote shard, under shard locks): timed with one clock reading, counted in
/// commandstats/errorstats, shown to SLOWLOG and LATENCY.
enum CommandInvocation {
    /// Returns the microseconds the command took. `placeholder` stands in for `reply` while the
    /// command owns it, so the buffer is never shared and never copied on write.
    @inline(__always)
    static func run(_ spec: CommandSpec, _ arguments: Arguments, into reply: inout ByteBuffer,
                    placeholder: ByteBuffer, engine: Engine, pinnedShard: Int, db: Int, resp: RESPVersion,
                    session: ClientSession?, client: ClientIdentity? = nil,
                    clock: inout CommandClock, countedIn store: ShardStore) -> Int {
        let start = reply.writerIndex
        let began = clock.lastReading
        var context = CommandContext(
            arguments: arguments, reply: reply,
            keyspace: KeyspaceView(engine: engine, pinnedShard: pinnedShard, db: db, now: clock.wallMilliseconds),
            resp: resp, session: session, engine: engine, spec: spec)
        reply = placeholder
        spec.handler(&context)
        reply = context.reply
        let elapsed = clock.read() - began
        // A short access after the handler: a command such as INFO or CONFIG RESETSTAT reads or
        // resets these very counters while it runs.
        CommandAccounting.record(spec, reply: reply, from: start, microseconds: elapsed, in: &store.commandStats)
        engine.observe(spec, arguments, session: session, client: client, microseconds: elapsed)
        return elapsed
    }
}
