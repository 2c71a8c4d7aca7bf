import NIOCore
import RESP
import Synchronization

/// A client waiting in a blocking command (BLPOP, BZPOPMIN, BLMOVE, ...), registered on the
/// shard of every key it waits for. Whoever first *claims* it (a push on any of those shards, its
/// timeout, CLIENT UNBLOCK, its disconnection) decides its outcome, so exactly one of them acts
/// even when they race from different loops.
final class BlockedClient: @unchecked Sendable {
    /// What the command answers when it times out (BLPOP: null array, BLMOVE: null bulk).
    enum TimeoutReply: Sendable { case nullArray, nullBulk }

    private enum State: UInt8 {
        case waiting = 0
        /// Claimed: being served, timed out or cancelled right now.
        case claimed = 1
        case done = 2
    }

    unowned let engine: Engine
    let session: ClientSession?
    let homeLoop: any EventLoop
    /// The command, copied, to run again when one of its keys is ready.
    let work: RemoteWork
    /// The keys it waits for, with their shard.
    let watched: [(shard: Int, key: [UInt8])]
    /// Every shard its command touches, ascending: what serving it must hold (BLMOVE's target too).
    let shards: [Int]
    /// Unix milliseconds; 0 waits forever.
    let deadline: Int64
    let timeoutReply: TimeoutReply
    let resp: RESPVersion
    private let state = Atomic<UInt8>(State.waiting.rawValue)
    /// Set when a push found it claimed by a serve elsewhere that may yet come back empty.
    private let missedWake = Atomic<Bool>(false)

    // Home loop only.
    private var resume: ((ByteBuffer) -> Void)?
    private var earlyReply: ByteBuffer?
    private var timer: Scheduled<Void>?

    init(engine: Engine, session: ClientSession?, homeLoop: any EventLoop, work: RemoteWork,
         watched: [(shard: Int, key: [UInt8])], shards: [Int], deadline: Int64, timeoutReply: TimeoutReply,
         resp: RESPVersion) {
        self.engine = engine
        self.session = session
        self.homeLoop = homeLoop
        self.work = work
        self.watched = watched
        self.shards = shards
        self.deadline = deadline
        self.timeoutReply = timeoutReply
        self.resp = resp
    }

    // MARK: the claim

    var isDone: Bool { state.load(ordering: .acquiring) == State.done.rawValue }

    /// Takes the right to decide this client's outcome; false when another party has it.
    func claim() -> Bool {
        let claimed = state.compareExchange(expected: State.waiting.rawValue, desired: State.claimed.rawValue,
                                            ordering: .acquiringAndReleasing).exchanged
        if claimed { missedWake.store(false, ordering: .relaxed) }
        return claimed
    }

    /// A claimed client whose command found nothing after all goes back to waiting.
    func unclaim() {
        state.store(State.waiting.rawValue, ordering: .releasing)
    }

    /// Ends a claimed client: it leaves every registry and `reply` goes to its batch.
    func finish(with reply: ByteBuffer) {
        state.store(State.done.rawValue, ordering: .releasing)
        engine.forget(self)
        if homeLoop.inEventLoop { deliver(reply) } else { homeLoop.execute { self.deliver(reply) } }
    }

    // MARK: the client's side (home loop)

    /// Called by the client's batch once it knows the command blocked: `resume` gets the reply.
    /// The reply may already be there (a push on another shard can beat this call).
    func attach(_ resume: @escaping (ByteBuffer) -> Void) {
        homeLoop.preconditionInEventLoop()
        if let reply = earlyReply {
            earlyReply = nil
            resume(reply)
            return
        }
        self.resume = resume
        if deadline > 0 {
            let delay = max(0, deadline - Clock.milliseconds())
            timer = homeLoop.scheduleTask(in: .milliseconds(delay)) { [self] in timeOut() }
        }
    }

    private func deliver(_ reply: ByteBuffer) {
        timer?.cancel()
        timer = nil
        if let resume {
            self.resume = nil
            resume(reply)
        } else {
            earlyReply = reply
        }
    }

    func timeOut() {
        guard claim() else { return }
        finish(with: timeoutReplyBytes())
    }

    /// CLIENT UNBLOCK: ends the wait as a timeout, or with the UNBLOCKED error.
    func unblock(withError: Bool) -> Bool {
        guard claim() else { return false }
        if withError {
            var reply = ByteBuffer()
            reply.writeRESPError(ReplyError.unblocked)
            finish(with: reply)
        } else {
            finish(with: timeoutReplyBytes())
        }
        return true
    }

    /// The client went away: it leaves the registries, nothing is delivered.
    func cancel() {
        guard claim() else { return }
        state.store(State.done.rawValue, ordering: .releasing)
        engine.forget(self)
    }

    /// After an unsuccessful serve: back to waiting, unless its time ran out meanwhile (its
    /// timer found it claimed and did nothing).
    func returnToWaiting() {
        unclaim()
        if deadline > 0 && Clock.milliseconds() >= deadline {
            homeLoop.execute { self.timeOut() }
        } else if missedWake.exchange(false, ordering: .acquiringAndReleasing) {
            engine.recheck(self)
        }
    }

    func noteMissedWake() {
        missedWake.store(true, ordering: .releasing)
    }

    func timeoutReplyBytes() -> ByteBuffer {
        var reply = ByteBuffer()
        switch timeoutReply {
        case .nullArray: reply.writeRESPNullArray(resp)
        case .nullBulk: reply.writeRESPNull(resp)
        }
        return reply
    }
}
