import NIOConcurrencyHelpers
import RESP

/// One client's state: a connection's, or an embedding caller's. Owned by the loop the client
/// lives on; the fields CLIENT LIST shows from other loops are copied under `infoLock`.
public final class ClientSession: @unchecked Sendable {
    public let id: Int64
    public var db = 0
    public var resp: RESPVersion = .v2
    public var authenticated: Bool
    public var name: [UInt8] = []
    /// CLIENT REPLY OFF / SKIP.
    public var replyMode: ReplyMode = .on
    public var isMonitor = false
    /// Set by QUIT: close after this batch's replies are written.
    public var closeAfterReply = false
    public var libraryName = ""
    public var libraryVersion = ""
    public let address: String
    public let localAddress: String
    public let createdAt: Int64
    public var lastInteraction: Int64
    public var lastCommand = "NULL"
    public var noEvict = false
    /// Closes the client from another loop (CLIENT KILL); nil for embedding sessions.
    public let kill: (@Sendable () -> Void)?
    public let loopIndex: Int

    public enum ReplyMode: Sendable { case on, off, skip }

    public init(id: Int64, authenticated: Bool, address: String = "", localAddress: String = "", loopIndex: Int,
                kill: (@Sendable () -> Void)? = nil) {
        self.id = id
        self.authenticated = authenticated
        self.address = address
        self.localAddress = localAddress
        self.loopIndex = loopIndex
        self.kill = kill
        self.createdAt = Clock.milliseconds()
        self.lastInteraction = createdAt
    }

    /// Back to a new connection's state (RESET).
    public func reset(requiresAuth: Bool) {
        db = 0
        resp = .v2
        name = []
        replyMode = .on
        isMonitor = false
        authenticated = !requiresAuth
        noEvict = false
    }
}
