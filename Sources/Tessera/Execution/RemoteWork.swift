import NIOCore
import RESP

/// Commands from one client batch for one other shard: their argument bytes copied into one
/// buffer, so the whole group travels as a single message (design §8: hops cost ~1.5 µs each).
struct RemoteWork: Sendable {
    struct Command: Sendable {
        var firstSpan: Int
        var count: Int
        var spec: CommandSpec
        var db: Int
    }

    let resultSlot: Int
    let resp: RESPVersion
    /// The sending client as SLOWLOG shows it, copied on the client's loop.
    let client: ClientIdentity?
    var storage = ByteBuffer()
    var spans: [ArgumentSpan] = []
    var commands: [Command] = []

    init(resultSlot: Int, resp: RESPVersion, client: ClientIdentity?) {
        self.resultSlot = resultSlot
        self.resp = resp
        self.client = client
    }

    /// Copies the command in; returns its index in this work's replies.
    mutating func append(_ spec: CommandSpec, _ arguments: Arguments, db: Int) -> Int {
        let first = spans.count
        for index in 0..<arguments.count {
            let argument = arguments[index]
            spans.append(ArgumentSpan(start: storage.writerIndex, count: argument.count))
            storage.writeBytes(argument)
        }
        commands.append(Command(firstSpan: first, count: arguments.count, spec: spec, db: db))
        return commands.count - 1
    }

    static func single(_ spec: CommandSpec, _ arguments: Arguments, db: Int, resp: RESPVersion) -> RemoteWork {
        var work = RemoteWork(resultSlot: 0, resp: resp, client: nil)
        _ = work.append(spec, arguments, db: db)
        return work
    }

    /// Runs every command with `pinnedShard` (or key routing when -1), replies back to back,
    /// counting them in `counter`'s command stats (the store of the loop running them; each
    /// command's counts are added after it, so a command may itself read or reset them: INFO,
    /// CONFIG RESETSTAT). `session` is given only while its client waits for this work (a
    /// command holding shards).
    func execute(on engine: Engine, pinnedShard: Int, counter: ShardStore, session: ClientSession? = nil)
        -> RemoteResult
    {
        var result = RemoteResult()
        result.ends.reserveCapacity(commands.count)
        let placeholder = ByteBuffer()
        var clock = CommandClock()
        clock.start()
        storage.withVeryUnsafeBytes { raw in
            spans.withUnsafeBufferPointer { spans in
                for command in commands {
                    let arguments = Arguments(
                        base: raw.baseAddress!,
                        spans: UnsafeBufferPointer(rebasing: spans[command.firstSpan..<(command.firstSpan + command.count)]))
                    let outcome = CommandInvocation.run(
                        command.spec, arguments, into: &result.replies, placeholder: placeholder, engine: engine,
                        pinnedShard: pinnedShard, db: command.db, resp: resp, session: session, client: client,
                        clock: &clock, countedIn: counter)
                    if let blocked = outcome.blocked { result.blocked = blocked }
                    result.ends.append(result.replies.writerIndex)
                }
            }
        }
        return result
    }

    /// Runs the (single) command while all its shards are held, on the current loop. Its client
    /// waits for the reply meanwhile, so the command may see its session (DEBUG's local check,
    /// SLOWLOG's client).
    func runHeld(on engine: Engine, session: ClientSession?) -> RemoteResult {
        execute(on: engine, pinnedShard: -1, counter: engine.stores[engine.currentShardIndex], session: session)
    }
}

/// The replies of a `RemoteWork`, back to back, with where each ends.
struct RemoteResult: Sendable {
    var replies = ByteBuffer()
    var ends: [Int] = []
    /// A blocking command run while its client waits (`runHeld`) that blocked.
    var blocked: BlockedClient?
}

extension Shard {
    /// Runs a batch sent by a client on another loop, once this shard is not held. Called on the
    /// shard's loop (see `enter`).
    nonisolated func run(_ work: RemoteWork, completion: @escaping @Sendable (RemoteResult) -> Void) {
        loop.preconditionInEventLoop()
        store.lock.whenFree { [store] in
            let engine = self.engine!
            completion(work.execute(on: engine, pinnedShard: store.index, counter: store))
        }
    }
}
