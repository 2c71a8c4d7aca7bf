import NIOCore
import RESP

/// Runs one client's batches of commands (design §2). Lives on the client's loop; one per client,
/// reused from batch to batch so the steady state allocates nothing but replies.
///
/// For each command in order:
/// - connection commands and commands whose keys are all on the loop's own shard run at once,
///   writing their replies straight into `out`;
/// - commands for another shard are copied into that shard's `RemoteWork`, which travels as one
///   message per shard per batch;
/// - a command spanning shards first waits for the remote work sent before it, then runs under
///   the locks of all its shards (`Engine.runHoldingShards`), and the batch resumes after it.
/// Replies are reassembled in request order and handed over once, for one flush per batch.
public final class BatchExecution: @unchecked Sendable {
    public let session: ClientSession
    let engine: Engine
    let loop: any EventLoop
    let shardIndex: Int
    private let shard: Shard
    private let store: ShardStore

    private var batch = CommandBatch(storage: ByteBuffer())
    /// Whether `batch` came from `run` (its arrays shared with the caller) rather than from
    /// `fillBatch` (this execution's own, kept from batch to batch).
    private var batchIsShared = false
    private var nextCommand = 0
    private var out = ByteBuffer()
    /// Empty when every reply so far is in `out` in order (the fast path).
    private var parts: [ReplyPart] = []
    private var pendingRemote: [RemoteWork?]
    /// How many entries of `pendingRemote` are set: the single-shard path never walks the array.
    private var pendingRemoteCount = 0
    private var remoteResults: [RemoteResult?] = []
    private var outstanding = 0
    private var waitingForRemote = false
    private var running = false
    private var completion: ((ByteBuffer) -> Void)?
    private let placeholder = ByteBuffer()
    /// The most reply storage an idle client keeps between batches.
    static let retainedReplyBytes = 64 * 1024
    private var clock = CommandClock()
    /// `engine.clients.gate` as read (relaxed) at the start of this pass over the batch: zero
    /// unless a MONITOR is connected or clients are paused, so the commands need no other check.
    private var gate: UInt8 = 0
    /// MONITOR lines of this pass, published when it ends (only while a monitor is connected).
    private var monitorLines: ByteBuffer?

    enum ReplyPart {
        case local(start: Int, end: Int)
        case remote(result: Int, index: Int, suppressed: Bool)
        case owned(ByteBuffer)
    }

    public init(engine: Engine, session: ClientSession, loop: any EventLoop) {
        self.engine = engine
        self.session = session
        self.loop = loop
        self.shardIndex = engine.shardIndex(of: loop)
        self.shard = engine.shards[shardIndex]
        self.store = engine.stores[shardIndex]
        self.pendingRemote = Array(repeating: nil, count: engine.shardCount)
        out.reserveCapacity(1024)
    }

    /// Whether a batch is still running (its completion not yet called).
    public var isRunning: Bool { running }
    private var queued: [(CommandBatch, (ByteBuffer) -> Void)] = []

    /// Runs `batch` after the ones already submitted (embedding clients that do not wait).
    public func enqueue(_ batch: CommandBatch, completion: @escaping (ByteBuffer) -> Void) {
        if running {
            queued.append((batch, completion))
        } else {
            run(batch, completion: completion)
        }
    }

    /// Runs `batch` and calls `completion` on this loop with all replies, in order. One batch at a
    /// time: the caller submits the next after the completion.
    public func run(_ batch: CommandBatch, completion: @escaping (ByteBuffer) -> Void) {
        loop.preconditionInEventLoop()
        precondition(!running, "one batch at a time per client")
        self.batch = batch
        batchIsShared = true
        start(completion: completion)
    }

    /// Lets a connection decode its next read straight into the batch this execution keeps: the
    /// arrays of arguments and commands are then reused from read to read, where handing over a
    /// batch of its own would share them and make the next read copy them (two allocations per
    /// read at `-P 1`). Only while no batch runs.
    public func fillBatch<Result>(_ body: (inout CommandBatch) throws -> Result) rethrows -> Result {
        precondition(!running, "one batch at a time per client")
        batchIsShared = false
        return try body(&batch)
    }

    /// Runs what `fillBatch` put in the batch, like `run`. For the connection that owns this
    /// execution, on its loop: only debug builds check the loop (a thread check through the
    /// loop's existential on every read).
    public func runFilledBatch(completion: @escaping (ByteBuffer) -> Void) {
        loop.assertInEventLoop()
        precondition(!running, "one batch at a time per client")
        start(completion: completion)
    }

    private func start(completion: @escaping (ByteBuffer) -> Void) {
        running = true
        self.completion = completion
        nextCommand = 0
        out.clear()
        session.touch()
        advance()
    }

    // MARK: the loop over commands

    private enum Step { case next, suspend }

    private func advance() {
        clock.start()
        gate = engine.clients.gate.load(ordering: .relaxed)
        let suspended = shard.enter {
            while nextCommand < batch.commands.count {
                if step(batch.commands[nextCommand]) == .suspend { return true }
                nextCommand += 1
            }
            return false
        }
        if let lines = monitorLines, lines.readableBytes > 0 {
            engine.clients.monitors.publish(lines)
            monitorLines!.clear()
        }
        if !suspended { finishWhenRemoteArrives() }
    }

    private func step(_ command: CommandBatch.Command) -> Step {
        batch.storage.withVeryUnsafeBytes { raw in
            batch.spans.withUnsafeBufferPointer { spans in
                let arguments = Arguments(
                    base: raw.baseAddress!,
                    spans: UnsafeBufferPointer(rebasing: spans[command.firstSpan..<(command.firstSpan + command.count)]))
                return step(arguments, command)
            }
        }
    }

    private func step(_ arguments: Arguments, _ command: CommandBatch.Command) -> Step {
        if store.lock.isHeld {
            if engine.snapshots.isLoading, let step = stepWhileLoading(arguments) { return step }
            // A cross-shard command holds our shard: nothing of it is touched, not even its
            // command counters (which INFO, holding every shard, reads), until it releases.
            store.lock.enqueue { [self] in advance() }
            return .suspend
        }
        guard let spec = resolve(arguments) else { return .next }
        if gate != 0, let held = checkGate(spec) { return held }
        switch spec.scope {
        case .connection:
            execute(spec, arguments, pinnedShard: shardIndex)
            // QUIT, CLIENT KILL of oneself: what follows in the batch is not executed (Redis
            // stops reading a client flagged close-after-reply).
            if session.closeAfterReply { nextCommand = batch.commands.count - 1 }
            return .next
        case .keys:
            if spec.reachedKeys != nil { return runReaching(spec, arguments, command) }
            var target = -1
            var spansShards = false
            spec.forEachKeyIndex(arguments) { index in
                let owner = engine.shardIndex(forKey: arguments[index])
                if target < 0 { target = owner } else if owner != target { spansShards = true }
            }
            if spansShards { return runAcrossShards(spec, arguments, command, shards: allShards(of: spec, arguments)) }
            if spec.flags.contains(.blocking) { return runBlocking(spec, arguments, command, on: target < 0 ? shardIndex : target) }
            return runOnShard(target < 0 ? shardIndex : target, spec, arguments, command)
        case .allShards:
            return runAcrossShards(spec, arguments, command, shards: Array(0..<engine.shardCount))
        }
    }

    /// While the start-up load holds every shard (Persistence/Snapshot): a command without the
    /// `loading` flag is refused with -LOADING at once, as Redis's processCommand does; one with
    /// it runs here if it needs no shard (connection commands, and INFO, which then leaves out
    /// what the shards hold). Nil: it waits for the load like any command behind a held shard.
    /// No INFO holding every shard can run meanwhile, so the counters touched here are safe.
    private func stepWhileLoading(_ arguments: Arguments) -> Step? {
        guard let spec = resolve(arguments) else { return .next }
        if !spec.flags.contains(.loading) {
            store.commandStats.rejected[spec.id] &+= 1
            writeLocalReply { $0.writeRESPError(ReplyError.loading) }
            return .next
        }
        guard spec.scope == .connection || spec.name == "info" else { return nil }
        execute(spec, arguments, pinnedShard: shardIndex)
        if session.closeAfterReply { nextCommand = batch.commands.count - 1 }
        return .next
    }

    /// Finds the command (or subcommand) and checks arity and authentication, replying with
    /// Redis's error when one fails.
    private func resolve(_ arguments: Arguments) -> CommandSpec? {
        guard let top = engine.commands.lookup(arguments[0]) else {
            session.noteCommand(-1)
            let name = Array(arguments[0])
            let rest = (1..<min(arguments.count, 1 + 64)).map { Array(arguments[$0]) }
            let text = ReplyError.unknownCommand(name, rest)
            writeLocalReply { reply in text.withUnsafeBytes { reply.writeRESPError($0) } }
            return nil
        }
        var spec = top
        if !top.subcommands.isEmpty && arguments.count >= 2 {
            guard let sub = engine.commands.subcommand(of: top, arguments[1]) else {
                session.noteCommand(-1)
                store.commandStats.rejected[top.id] &+= 1
                let sub = arguments.string(1)
                writeLocalReply { $0.writeRESPError(ReplyError.unknownSubcommand(sub, top.name)) }
                return nil
            }
            spec = sub
        }
        session.noteCommand(spec.id)
        guard spec.acceptsArgumentCount(arguments.count) else {
            store.commandStats.rejected[spec.id] &+= 1
            writeLocalReply { $0.writeRESPError(ReplyError.wrongArity(spec.fullName)) }
            return nil
        }
        // Redis's authRequired: a password cleared by CONFIG SET lets unauthenticated clients in.
        if !session.authenticated && !spec.flags.contains(.noAuth) && engine.requiresAuth {
            store.commandStats.rejected[spec.id] &+= 1
            writeLocalReply { $0.writeRESPError(ReplyError.noAuth) }
            return nil
        }
        // maxmemory with the noeviction policy: commands that may grow the data set are refused
        // while the allocator reports more in use than the limit (ServerStats samples it).
        if spec.flags.contains(.denyoom) && engine.stats.overMemoryLimit.load(ordering: .relaxed) {
            store.commandStats.rejected[spec.id] &+= 1
            writeLocalReply { $0.writeRESPError(ReplyError.outOfMemory) }
            return nil
        }
        // stop-writes-on-bgsave-error after a failed BGSAVE: writes, and PING, are refused as in
        // Redis's processCommand (the flag is read first so the hot path pays one relaxed load).
        if engine.snapshots.refusesWrites.load(ordering: .relaxed) && (spec.flags.contains(.write) || spec.name == "ping") {
            store.commandStats.rejected[spec.id] &+= 1
            writeLocalReply { $0.writeRESPError(ReplyError.persistenceFailed) }
            return nil
        }
        return spec
    }

    /// What a set `gate` asks of a resolved command: a monitor may not touch the keyspace (Redis
    /// treats it as a replica), and CLIENT PAUSE postpones it (the batch resumes when the pause
    /// ends). Nil: run it.
    private func checkGate(_ spec: CommandSpec) -> Step? {
        if session.isMonitor && !spec.flags.isDisjoint(with: [.write, .readonly, .mayReplicate]) {
            writeLocalReply { $0.writeRESPError(ReplyError.replicaKeyspace) }
            return .next
        }
        if gate & ClientGate.paused != 0 {
            let resume: @Sendable () -> Void = { [self] in
                session.updateFlag(.blocked, false)
                // A connection closed meanwhile runs nothing more; an embedding caller (no
                // socket to close) still gets its replies.
                if session.isClosed && session.kill != nil { return }
                advance()
            }
            if engine.clients.pause.postpones(spec, session, loop: loop, resume: resume) {
                session.updateFlag(.blocked, true)
                return .suspend
            }
        }
        return nil
    }

    /// Appends the MONITOR line of a command about to run or just run (only when `gate` says
    /// a monitor is connected).
    private func feedMonitors(_ spec: CommandSpec, _ arguments: Arguments) {
        guard gate & ClientGate.monitors != 0, MonitorFeed.shows(spec) else { return }
        if monitorLines == nil { monitorLines = ByteBuffer() }
        MonitorFeed.format(into: &monitorLines!, spec, arguments, db: session.db, client: session.address)
    }

    private func allShards(of spec: CommandSpec, _ arguments: Arguments) -> [Int] {
        var owners = Array(repeating: false, count: engine.shardCount)
        spec.forEachKeyIndex(arguments) { owners[engine.shardIndex(forKey: arguments[$0])] = true }
        return owners.indices.filter { owners[$0] }
    }

    /// A command that also touches keys it builds while running (SORT with BY or GET
    /// patterns): it runs holding the shards of its key arguments and of those keys (every
    /// shard when they may be anywhere), or, when that is one shard, on it like any other.
    private func runReaching(_ spec: CommandSpec, _ arguments: Arguments, _ command: CommandBatch.Command) -> Step {
        var target = -1
        var spansShards = false
        func note(_ key: UnsafeRawBufferPointer) {
            let owner = engine.shardIndex(forKey: key)
            if target < 0 { target = owner } else if owner != target { spansShards = true }
        }
        spec.forEachKeyIndex(arguments) { note(arguments[$0]) }
        let bounded = spec.reachedKeys!(arguments, note)
        if !bounded && engine.shardCount > 1 {
            return runAcrossShards(spec, arguments, command, shards: Array(0..<engine.shardCount))
        }
        if spansShards {
            var owners = Array(repeating: false, count: engine.shardCount)
            spec.forEachKeyIndex(arguments) { owners[engine.shardIndex(forKey: arguments[$0])] = true }
            _ = spec.reachedKeys!(arguments) { owners[engine.shardIndex(forKey: $0)] = true }
            return runAcrossShards(spec, arguments, command, shards: owners.indices.filter { owners[$0] })
        }
        return runOnShard(target < 0 ? shardIndex : target, spec, arguments, command)
    }

    // MARK: running commands

    private func runOnShard(_ target: Int, _ spec: CommandSpec, _ arguments: Arguments,
                            _ command: CommandBatch.Command) -> Step {
        if target != shardIndex {
            sendLater(to: target, spec, arguments)
            return .next
        }
        execute(spec, arguments, pinnedShard: shardIndex)
        return .next
    }

    /// Runs `spec` on this loop and appends its reply to `out`; returns the wait it entered if
    /// it blocked.
    @discardableResult
    private func execute(_ spec: CommandSpec, _ arguments: Arguments, pinnedShard: Int) -> BlockedClient? {
        let suppress = takeReplySuppression()
        let start = out.writerIndex
        let outcome = CommandInvocation.run(spec, arguments, into: &out, placeholder: placeholder, engine: engine,
                                            pinnedShard: pinnedShard, db: session.db, resp: session.resp,
                                            session: session, clock: &clock, countedIn: store)
        if gate != 0 { feedMonitors(spec, arguments) }
        if suppress && !takeForcedReply() {
            out.moveWriterIndex(to: start)
        } else {
            recordLocalPart(from: start)
        }
        return outcome.blocked
    }

    /// Writes a reply produced outside a command (a protocol-level error) in order.
    private func writeLocalReply(_ write: (inout ByteBuffer) -> Void) {
        let suppress = takeReplySuppression()
        let start = out.writerIndex
        write(&out)
        if out.getInteger(at: start, as: UInt8.self) == UInt8(ascii: "-") {
            store.commandStats.errorReplies &+= 1
            CommandAccounting.countError(out, at: start, in: &store.commandStats)
        }
        if suppress {
            out.moveWriterIndex(to: start)
        } else {
            recordLocalPart(from: start)
        }
    }

    private func recordLocalPart(from start: Int) {
        guard !parts.isEmpty else { return }
        if case .local(let first, let end) = parts[parts.count - 1], end == start {
            parts[parts.count - 1] = .local(start: first, end: out.writerIndex)
        } else if out.writerIndex > start {
            parts.append(.local(start: start, end: out.writerIndex))
        }
    }

    /// CLIENT REPLY OFF|SKIP: whether this command's reply is dropped.
    private func takeReplySuppression() -> Bool {
        switch session.replyMode {
        case .on: return false
        case .off: return true
        case .skip:
            session.replyMode = .on
            return true
        }
    }

    /// CLIENT REPLY ON and RESET reply although the mode suppressed their reply when they began.
    private func takeForcedReply() -> Bool {
        guard session.forceReply else { return false }
        session.forceReply = false
        return true
    }

    /// From the first reply that is not written to `out` in order, keep track of parts.
    private func startPartsIfNeeded() {
        if parts.isEmpty {
            parts.append(.local(start: 0, end: out.writerIndex))
        }
    }

    // MARK: other shards

    private func sendLater(to target: Int, _ spec: CommandSpec, _ arguments: Arguments) {
        startPartsIfNeeded()
        let suppressed = takeReplySuppression()
        if gate != 0 { feedMonitors(spec, arguments) }
        if pendingRemote[target] == nil {
            pendingRemoteCount += 1
            pendingRemote[target] = RemoteWork(resultSlot: remoteResults.count, resp: session.resp,
                                               client: ClientIdentity(session))
            remoteResults.append(nil)
        }
        let slot = pendingRemote[target]!.resultSlot
        let index = pendingRemote[target]!.append(spec, arguments, db: session.db)
        parts.append(.remote(result: slot, index: index, suppressed: suppressed))
    }

    /// Sends every pending remote batch, one message per shard.
    private func flushRemote() {
        guard pendingRemoteCount > 0 else { return }
        pendingRemoteCount = 0
        for target in 0..<pendingRemote.count {
            guard let work = pendingRemote[target] else { continue }
            pendingRemote[target] = nil
            outstanding += 1
            let remoteShard = engine.shards[target]
            let origin = loop
            remoteShard.loop.execute {
                remoteShard.run(work) { result in
                    origin.execute { self.remoteArrived(result, slot: work.resultSlot) }
                }
            }
        }
    }

    private func remoteArrived(_ result: RemoteResult, slot: Int) {
        remoteResults[slot] = result
        outstanding -= 1
        guard outstanding == 0 else { return }
        if waitingForRemote {
            waitingForRemote = false
            advance()
        } else if nextCommand >= batch.commands.count {
            finish()
        }
    }

    // MARK: blocking commands

    /// A blocking command whose keys all live on `owner`: it runs after this batch's earlier
    /// commands took effect, on this loop when `owner` is ours, else alone under `owner`'s lock;
    /// if it blocks, the rest of the batch waits until it is served, times out or is unblocked
    /// (Redis reads nothing more from a blocked client).
    private func runBlocking(_ spec: CommandSpec, _ arguments: Arguments, _ command: CommandBatch.Command,
                             on owner: Int) -> Step {
        if owner != shardIndex { return runAcrossShards(spec, arguments, command, shards: [owner]) }
        if outstanding > 0 || pendingRemoteCount > 0 {
            flushRemote()
            waitingForRemote = true
            return .suspend
        }
        let suppressed = session.replyMode != .on
        guard let blocked = execute(spec, arguments, pinnedShard: shardIndex) else { return .next }
        startPartsIfNeeded()
        let partIndex = parts.count
        parts.append(.owned(placeholder))
        return awaitUnblock(blocked, part: partIndex, suppressed: suppressed)
    }

    /// Suspends the batch until `blocked` ends; its reply fills part `partIndex`.
    private func awaitUnblock(_ blocked: BlockedClient, part partIndex: Int, suppressed: Bool) -> Step {
        blocked.attach { [self] reply in
            // Always from a fresh loop turn: the reply may be there already, inside this step.
            loop.execute { [self] in
                parts[partIndex] = .owned(suppressed ? placeholder : reply)
                nextCommand += 1
                advance()
            }
        }
        return .suspend
    }

    // MARK: across shards

    private func runAcrossShards(_ spec: CommandSpec, _ arguments: Arguments, _ command: CommandBatch.Command,
                                 shards: [Int]) -> Step {
        if outstanding > 0 || pendingRemoteCount > 0 {
            // Earlier commands of this batch must take effect first.
            flushRemote()
            waitingForRemote = true
            return .suspend
        }
        startPartsIfNeeded()
        let suppressed = takeReplySuppression()
        if gate != 0 { feedMonitors(spec, arguments) }
        let partIndex = parts.count
        parts.append(.owned(placeholder))
        let work = RemoteWork.single(spec, arguments, db: session.db, resp: session.resp)
        let engine = self.engine
        let session = self.session
        engine.runHoldingShards(shards, origin: loop) {
            work.runHeld(on: engine, session: session)
        } completion: { [self] result in
            if let blocked = result.blocked {
                _ = awaitUnblock(blocked, part: partIndex, suppressed: suppressed)
                return
            }
            parts[partIndex] = .owned(suppressed ? placeholder : result.replies)
            nextCommand += 1
            advance()
        }
        return .suspend
    }

    // MARK: completion

    private func finishWhenRemoteArrives() {
        flushRemote()
        if outstanding == 0 { finish() }
    }

    private func finish() {
        var replies: ByteBuffer
        if parts.isEmpty {
            replies = out
        } else {
            replies = assemble()
            parts.removeAll(keepingCapacity: parts.capacity <= CommandBatch.retainedCommands)
            remoteResults.removeAll(keepingCapacity: true)
        }
        // The local replies' buffer likewise shrinks back after a burst.
        if out.capacity > BatchExecution.retainedReplyBytes { out = ByteBuffer() }
        running = false
        if batchIsShared {
            // The caller's batch: emptying arrays it still holds would copy them.
            batch = CommandBatch(storage: placeholder)
        } else {
            batch.removeAll()
            batch.storage = placeholder
        }
        let completion = self.completion
        self.completion = nil
        completion?(replies)
        if !running && !queued.isEmpty {
            let (batch, next) = queued.removeFirst()
            run(batch, completion: next)
        }
    }

    private func assemble() -> ByteBuffer {
        var replies = ByteBuffer()
        for part in parts {
            switch part {
            case .local(let start, let end):
                replies.writeBytes(out.viewBytes(at: start, length: end - start)!)
            case .remote(let slot, let index, let suppressed):
                guard !suppressed, let result = remoteResults[slot] else { continue }
                let start = index == 0 ? 0 : result.ends[index - 1]
                let end = result.ends[index]
                replies.writeBytes(result.replies.viewBytes(at: start, length: end - start)!)
            case .owned(let buffer):
                replies.writeImmutableBuffer(buffer)
            }
        }
        return replies
    }
}

/// One clock reading per command instead of three: a command starts when the one before it
/// ended, and its wall-clock instant (for expiry) derives from the readings taken when the batch
/// (re)started. Redis likewise reads the clock once per call() for its stats.
struct CommandClock {
    private var wallBase: Int64 = 0
    private var monotonicBase = 0
    private(set) var lastReading = 0

    mutating func start() {
        wallBase = Clock.milliseconds()
        monotonicBase = Clock.monotonicMicroseconds()
        lastReading = monotonicBase
    }

    mutating func read() -> Int {
        lastReading = Clock.monotonicMicroseconds()
        return lastReading
    }

    var wallMilliseconds: Int64 { wallBase + Int64((lastReading - monotonicBase) / 1000) }
}
