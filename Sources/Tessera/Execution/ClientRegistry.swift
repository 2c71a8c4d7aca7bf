import Atomics
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// Every connected client, for CLIENT LIST / KILL / INFO clients, and the id counter. Also the
/// engine-wide client features that every batch must respect: the MONITOR feed and CLIENT PAUSE,
/// both announced by `gate`, the one word a batch reads (relaxed) before it runs.
public final class ClientRegistry: @unchecked Sendable {
    private let lock = NIOLock()
    private var clients: [Int64: ClientSession] = [:]
    private let nextID = ManagedAtomic<Int64>(1)
    public let totalConnections = ManagedAtomic<Int>(0)
    /// Clients waiting in a blocking command (INFO blocked_clients).
    public let blockedCount = ManagedAtomic<Int>(0)
    public let rejectedConnections = ManagedAtomic<Int>(0)

    /// `ClientGate` bits: zero unless a MONITOR is connected or clients are paused.
    let gate = Synchronization.Atomic<UInt8>(0)
    public let monitors: MonitorFeed
    public let pause: ClientPause
    private var sweeper: RepeatedTask?

    public init() {
        monitors = MonitorFeed()
        pause = ClientPause()
        monitors.registry = self
        pause.registry = self
    }

    public func makeID() -> Int64 { nextID.loadThenWrappingIncrement(ordering: .relaxed) }

    public func register(_ session: ClientSession) {
        totalConnections.wrappingIncrement(ordering: .relaxed)
        lock.withLock { clients[session.id] = session }
    }

    /// Admits a new client unless `limit` clients are connected (maxclients): checks, assigns
    /// the id and registers in one step, so concurrent accepts on several loops cannot exceed the
    /// limit, and a refused client consumes no id (as Redis). Nil when refused.
    public func admit(limit: Int, _ make: (Int64) -> ClientSession) -> ClientSession? {
        let session = lock.withLock { () -> ClientSession? in
            guard clients.count < limit else { return nil }
            let session = make(makeID())
            clients[session.id] = session
            return session
        }
        if session != nil { totalConnections.wrappingIncrement(ordering: .relaxed) }
        return session
    }

    public func unregister(_ session: ClientSession) {
        session.markClosed()
        // A blocked client that goes away leaves no trace: the next push is not lost on it.
        session.blockedClient?.cancel()
        _ = lock.withLock { clients.removeValue(forKey: session.id) }
        if session.isMonitor { monitors.remove(session) }
    }

    public var count: Int { lock.withLock { clients.count } }

    /// The live clients in id order (connection order, as Redis lists them).
    public func snapshot() -> [ClientSession] {
        lock.withLock { clients.values.filter { !$0.isClosed }.sorted { $0.id < $1.id } }
    }

    public func session(id: Int64) -> ClientSession? {
        lock.withLock { clients[id].flatMap { $0.isClosed ? nil : $0 } }
    }

    // MARK: gate

    func setGate(_ bit: UInt8, _ on: Bool) {
        if on {
            gate.bitwiseOr(bit, ordering: .relaxed)
        } else {
            gate.bitwiseAnd(~bit, ordering: .relaxed)
        }
    }

    // MARK: idle clients (the `timeout` directive)

    /// Starts, once, the sweep that closes clients idle for longer than `timeout` seconds (Redis's
    /// clientsCronHandleTimeout): every second, on `loop`. Monitors, replicas, masters, blocked
    /// and subscribed clients are exempt, as in Redis 7.0.
    public func startIdleSweeper(on loop: any EventLoop, configuration: Configuration,
                                 log: @escaping @Sendable (String) -> Void) {
        let start = lock.withLock { () -> Bool in
            guard sweeper == nil else { return false }
            return true
        }
        guard start else { return }
        let task = loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { [weak self] _ in
            self?.closeIdleClients(timeout: configuration.integer("timeout"), log: log)
        }
        let duplicate = lock.withLock { () -> Bool in
            if sweeper != nil { return true }
            sweeper = task
            return false
        }
        if duplicate { task.cancel() }
    }

    func closeIdleClients(timeout: Int64, log: (String) -> Void) {
        guard timeout > 0 else { return }
        let now = Clock.milliseconds() / 1000
        let exempt: ClientFlags = [.monitor, .replica, .master, .blocked, .pubsub]
        for session in snapshot() where session.kill != nil {
            guard session.flags.isDisjoint(with: exempt), session.subscriptions.total == 0 else { continue }
            if now - session.lastInteraction / 1000 > timeout, session.markClosed() {
                log("Closing idle client")
                session.kill?()
            }
        }
    }

    /// Stops the idle sweep (engine shutdown).
    public func stopIdleSweeper() {
        lock.withLock {
            sweeper?.cancel()
            sweeper = nil
        }
    }
}

/// The bits of `ClientRegistry.gate`.
enum ClientGate {
    static let monitors: UInt8 = 1 << 0
    static let pausedWrites: UInt8 = 1 << 1
    static let pausedAll: UInt8 = 1 << 2
    static let paused: UInt8 = pausedWrites | pausedAll
}

/// CLIENT PAUSE / UNPAUSE (Redis 7.0): while a pause lasts, commands of clients (all of them for
/// ALL; those flagged write or may_replicate for WRITE) are postponed until it ends. Replicas and
/// monitors are never paused. A second PAUSE keeps the later end and the stricter mode.
///
/// Postponed batches register a resume callback; when the pause ends (its timer or UNPAUSE)
/// each is resumed on its own loop with one `execute`.
public final class ClientPause: @unchecked Sendable {
    public enum Mode: Int, Sendable, Comparable {
        case none = 0, write = 1, all = 2
        public static func < (a: Mode, b: Mode) -> Bool { a.rawValue < b.rawValue }
    }

    private struct Waiter {
        let loop: any EventLoop
        let resume: @Sendable () -> Void
    }

    private let lock = NIOLock()
    private var mode: Mode = .none
    private var end: Int64 = 0
    private var waiters: [Waiter] = []
    /// Whether an end timer is armed, and which pause it belongs to (UNPAUSE starts a new one).
    private var timerArmed = false
    private var generation = 0
    weak var registry: ClientRegistry?

    /// The current mode (none after the end time even if the timer has not fired yet).
    public var current: Mode {
        lock.withLock { Clock.milliseconds() < end ? mode : .none }
    }

    /// Pauses until `until` (Unix ms) in `mode`, keeping a later end and a stricter mode; the end
    /// timer runs on `loop`.
    public func pause(_ newMode: Mode, until: Int64, timerLoop loop: any EventLoop) {
        let armFor = lock.withLock { () -> Int? in
            let active = mode != .none
            mode = active ? max(mode, newMode) : newMode
            end = active ? max(end, until) : until
            registry?.setGate(ClientGate.pausedWrites, mode == .write)
            registry?.setGate(ClientGate.pausedAll, mode == .all)
            if timerArmed { return nil }
            timerArmed = true
            return generation
        }
        if let armFor { armTimer(on: loop, generation: armFor) }
    }

    private func armTimer(on loop: any EventLoop, generation armed: Int) {
        // Capped so TimeAmount cannot overflow; a longer pause re-arms when the timer fires.
        let delay = min(3_600_000, max(0, lock.withLock { end } - Clock.milliseconds()))
        loop.scheduleTask(in: .milliseconds(delay)) { [self] in
            enum Next { case stale, rearm, expire }
            let next = lock.withLock { () -> Next in
                guard armed == generation else { return .stale }
                return Clock.milliseconds() < end ? .rearm : .expire
            }
            switch next {
            case .stale: return
            case .rearm: armTimer(on: loop, generation: armed)
            case .expire: unpause()
            }
        }
    }

    /// Ends the pause now and resumes every postponed client.
    public func unpause() {
        let resumed = lock.withLock { () -> [Waiter] in
            mode = .none
            end = 0
            generation += 1
            timerArmed = false
            registry?.setGate(ClientGate.paused, false)
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in resumed { waiter.loop.execute(waiter.resume) }
    }

    /// Whether `spec` from `session` must wait; if so, `resume` is called on `loop` when the pause
    /// ends (the caller marks the client blocked and suspends).
    func postpones(_ spec: CommandSpec, _ session: ClientSession, loop: any EventLoop,
                   resume: @escaping @Sendable () -> Void) -> Bool {
        if session.flags.contains(.monitor) || session.flags.contains(.replica) { return false }
        return lock.withLock { () -> Bool in
            // Past the end, the command runs; the timer resumes the ones already waiting.
            guard Clock.milliseconds() < end else { return false }
            switch mode {
            case .none: return false
            case .write:
                guard !spec.flags.isDisjoint(with: [.write, .mayReplicate]) else { return false }
            case .all: break
            }
            waiters.append(Waiter(loop: loop, resume: resume))
            return true
        }
    }
}
