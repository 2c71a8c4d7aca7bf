import NIOConcurrencyHelpers
import NIOCore
import RESP
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client's state: a connection's, or an embedding caller's.
///
/// Owned by the loop the client lives on, which reads every field without synchronization. Fields
/// that CLIENT LIST / KILL and the idle sweeper read from other loops are either written under
/// `infoLock` (rare writes: SELECT, SETNAME, HELLO, MONITOR...) or atomics (written per batch or per
/// command: last command, last interaction), so the owner's hot path takes no lock.
public final class ClientSession: @unchecked Sendable {
    public let id: Int64
    public let address: String
    public let localAddress: String
    public let createdAt: Int64
    public let loopIndex: Int
    /// Closes the client from another loop (CLIENT KILL, idle timeout); nil for embedding sessions.
    public let kill: (@Sendable () -> Void)?

    /// Whether commands other than the `no_auth` ones may run (see `mustAuthenticate`).
    public var authenticated: Bool
    /// CLIENT REPLY OFF / SKIP.
    public var replyMode: ReplyMode = .on
    /// Set by CLIENT REPLY ON and RESET: their own reply is sent although the mode suppressed it.
    var forceReply = false
    /// Set by QUIT (and CLIENT KILL of oneself): close after this batch's replies are written.
    public var closeAfterReply = false
    /// Installed by the server layer: writes MONITOR lines to this client, hopping to its loop.
    public var monitorSink: (@Sendable (ByteBuffer) -> Void)?

    public enum ReplyMode: Sendable { case on, off, skip }

    // MARK: fields read from other loops

    private let infoLock = NIOLock()
    private var _db = 0
    private var _resp: RESPVersion = .v2
    private var _name: [UInt8] = []
    private var _flags: ClientFlags = []
    private var _subscriptions = Subscriptions()
    private var _multiCount = -1
    private var _blockedClient: BlockedClient?

    /// `CommandSpec.id` of the last command issued; -1 for none recognised (CLIENT LIST `cmd=NULL`),
    /// -2 before the first request (its query buffer does not exist yet).
    private let lastCommandID = Synchronization.Atomic<Int>(-2)
    private let lastInteractionMilliseconds: Synchronization.Atomic<Int64>
    private let replyPeak = Synchronization.Atomic<Int>(0)
    private let descriptor = Synchronization.Atomic<Int>(-1)
    private let closed = Synchronization.Atomic<Bool>(false)

    public init(id: Int64, authenticated: Bool, address: String = "", localAddress: String = "", loopIndex: Int,
                kill: (@Sendable () -> Void)? = nil) {
        self.id = id
        self.authenticated = authenticated
        self.address = address
        self.localAddress = localAddress
        self.loopIndex = loopIndex
        self.kill = kill
        self.createdAt = Clock.milliseconds()
        self.lastInteractionMilliseconds = Synchronization.Atomic(createdAt)
    }

    public var db: Int {
        get { _db }
        set { infoLock.withLock { _db = newValue } }
    }

    public var resp: RESPVersion {
        get { _resp }
        set { infoLock.withLock { _resp = newValue } }
    }

    /// Empty when the client has no name.
    public var name: [UInt8] {
        get { _name }
        set { infoLock.withLock { _name = newValue } }
    }

    public var flags: ClientFlags {
        get { _flags }
        set { infoLock.withLock { _flags = newValue } }
    }

    public var isMonitor: Bool {
        get { _flags.contains(.monitor) }
        set { updateFlag(.monitor, newValue) }
    }

    public var noEvict: Bool {
        get { _flags.contains(.noEvict) }
        set { updateFlag(.noEvict, newValue) }
    }

    /// Channel, pattern and shard-channel subscription counts (CLIENT LIST sub=, psub=, ssub=).
    public var subscriptions: Subscriptions {
        get { _subscriptions }
        set { infoLock.withLock { _subscriptions = newValue } }
    }

    /// Commands queued in MULTI, or -1 outside a transaction (CLIENT LIST multi=).
    public var multiCount: Int {
        get { _multiCount }
        set { infoLock.withLock { _multiCount = newValue } }
    }

    /// The wait of a blocking command this client is in (set where the command ran, which may be
    /// another shard's loop; read by CLIENT UNBLOCK and the disconnect path from any loop).
    var blockedClient: BlockedClient? {
        get { infoLock.withLock { _blockedClient } }
        set { infoLock.withLock { _blockedClient = newValue } }
    }

    /// Clears `blockedClient` if it is still `client`.
    func clearBlockedClient(_ client: BlockedClient) {
        infoLock.withLock { if _blockedClient === client { _blockedClient = nil } }
    }

    public func updateFlag(_ flag: ClientFlags, _ on: Bool) {
        infoLock.withLock {
            if on { _flags.insert(flag) } else { _flags.remove(flag) }
        }
    }

    /// Back to a new connection's state (RESET), as Redis 7.0's clearClientConnectionState: db 0,
    /// RESP2, no name, replies on, not a monitor, authenticated only if no password is required.
    /// Like Redis, CLIENT NO-EVICT survives.
    public func reset(requiresAuth: Bool) {
        if replyMode == .off { forceReply = true }
        replyMode = .on
        authenticated = !requiresAuth
        infoLock.withLock {
            _db = 0
            _resp = .v2
            _name = []
            _flags.remove(.monitor)
        }
    }

    // MARK: per-command and per-batch bookkeeping (atomics: no lock, no allocation)

    /// Records the command just issued (-1: unknown), for CLIENT LIST's `cmd`.
    @inline(__always)
    public func noteCommand(_ specID: Int) {
        lastCommandID.store(specID, ordering: .relaxed)
    }

    /// The id of the last command issued, -1 if it was not recognised, -2 before any request.
    public var lastCommand: Int { lastCommandID.load(ordering: .relaxed) }

    /// Marks activity now (for `idle` and the `timeout` directive), with the coarse clock.
    @inline(__always)
    public func touch() {
        lastInteractionMilliseconds.store(Self.coarseMilliseconds(), ordering: .relaxed)
    }

    public var lastInteraction: Int64 {
        get { lastInteractionMilliseconds.load(ordering: .relaxed) }
        set { lastInteractionMilliseconds.store(newValue, ordering: .relaxed) }
    }

    /// Records the size of one batch of replies (CLIENT LIST `rbp`, the reply buffer's peak).
    @inline(__always)
    public func noteReplyBytes(_ count: Int) {
        if count > replyPeak.load(ordering: .relaxed) {
            replyPeak.store(min(count, Self.replyChunkBytes), ordering: .relaxed)
        }
    }

    var replyBufferPeak: Int { replyPeak.load(ordering: .relaxed) }

    /// The socket's file descriptor (set by the server layer when it accepts the client), else -1.
    public var fileDescriptor: Int {
        get { descriptor.load(ordering: .relaxed) }
        set { descriptor.store(newValue, ordering: .relaxed) }
    }

    /// Set when the client is killed or its connection is gone: it no longer shows in CLIENT LIST
    /// and postponed commands of it are dropped.
    public var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// Marks the client closed; true for the caller that closed it first.
    @discardableResult
    public func markClosed() -> Bool {
        !closed.exchange(true, ordering: .relaxed)
    }

    /// The fields CLIENT LIST shows, read consistently from any loop.
    struct Info {
        var db: Int
        var resp: RESPVersion
        var name: [UInt8]
        var flags: ClientFlags
        var subscriptions: Subscriptions
        var multiCount: Int
    }

    func info() -> Info {
        infoLock.withLock {
            Info(db: _db, resp: _resp, name: _name, flags: _flags, subscriptions: _subscriptions, multiCount: _multiCount)
        }
    }

    /// Redis's PROTO_REPLY_CHUNK_BYTES: a client's reply buffer grows to at most this.
    static let replyChunkBytes = 16 * 1024

    @inline(__always)
    static func coarseMilliseconds() -> Int64 {
        var now = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        #else
        clock_gettime(CLOCK_REALTIME, &now)
        #endif
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

/// Client flags as CLIENT LIST prints them (Redis's CLIENT_* flags that a client can show).
public struct ClientFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// MONITOR ('O').
    public static let monitor = ClientFlags(rawValue: 1 << 0)
    /// A replica connection ('S').
    public static let replica = ClientFlags(rawValue: 1 << 1)
    /// The master link of a replica ('M').
    public static let master = ClientFlags(rawValue: 1 << 2)
    /// Subscribed to channels or patterns ('P').
    public static let pubsub = ClientFlags(rawValue: 1 << 3)
    /// Inside MULTI ('x').
    public static let multi = ClientFlags(rawValue: 1 << 4)
    /// Blocked: a blocking command or postponed by CLIENT PAUSE ('b').
    public static let blocked = ClientFlags(rawValue: 1 << 5)
    /// A WATCHed key changed ('d').
    public static let dirtyCAS = ClientFlags(rawValue: 1 << 6)
    /// CLIENT NO-EVICT on ('e').
    public static let noEvict = ClientFlags(rawValue: 1 << 7)
    /// Connected through a Unix socket ('U').
    public static let unixSocket = ClientFlags(rawValue: 1 << 8)
    /// READONLY in cluster mode ('r').
    public static let readonly = ClientFlags(rawValue: 1 << 9)

    /// Redis's order (catClientInfoString); "N" when none is set.
    var letters: String {
        var text = ""
        if contains(.monitor) { text += "O" } else if contains(.replica) { text += "S" }
        if contains(.master) { text += "M" }
        if contains(.pubsub) { text += "P" }
        if contains(.multi) { text += "x" }
        if contains(.blocked) { text += "b" }
        if contains(.dirtyCAS) { text += "d" }
        if contains(.unixSocket) { text += "U" }
        if contains(.readonly) { text += "r" }
        if contains(.noEvict) { text += "e" }
        return text.isEmpty ? "N" : text
    }
}

/// Subscription counts per kind, for CLIENT LIST.
public struct Subscriptions: Sendable, Equatable {
    public var channels = 0
    public var patterns = 0
    public var shardChannels = 0
    public init() {}
    public var total: Int { channels + patterns + shardChannels }
}
