import NIOCore
import RESP

/// Everything one command execution gets: its arguments, its keyspace view, its client's
/// protocol, and the buffer its reply goes into.
public struct CommandContext {
    public let arguments: Arguments
    public var reply: ByteBuffer
    public let keyspace: KeyspaceView
    public let resp: RESPVersion
    /// The client, for connection-scoped commands; nil where the command runs away from it.
    public let session: ClientSession?
    public unowned(unsafe) let engine: Engine
    public let spec: CommandSpec
    /// Whether a blocking command may block here (see `block`).
    public let blockMode: BlockMode
    /// Set by `block`: the client waits (Execution/Blocking).
    var blockRequest: BlockRequest?

    init(arguments: Arguments, reply: ByteBuffer, keyspace: KeyspaceView, resp: RESPVersion,
         session: ClientSession?, engine: Engine, spec: CommandSpec, blockMode: BlockMode = .allowed) {
        self.arguments = arguments
        self.reply = reply
        self.keyspace = keyspace
        self.resp = resp
        self.session = session
        self.engine = engine
        self.spec = spec
        self.blockMode = blockMode
    }

    @inlinable public subscript(index: Int) -> UnsafeRawBufferPointer { arguments[index] }

    public var db: Int { keyspace.db }
    public var now: Int64 { keyspace.now }
}

/// Where a blocking command (BLPOP, BZPOPMIN, ...) runs.
public enum BlockMode: Sendable {
    /// From a client: it may block.
    case allowed
    /// Serving a blocked client again after a write: finding nothing means it stays blocked.
    case retry
    /// Inside MULTI/EXEC or a script: it answers at once as if timed out.
    case never
}

extension CommandContext {
    /// Called by a blocking command that found nothing to take (or, in `.retry` mode, a key of
    /// another type: Redis serves a blocked client only from a key of the type it waits for).
    /// Writes no reply unless blocking is not allowed here, where the timeout reply is written.
    mutating func block(on keyIndexes: [Int], deadline: Int64, timeoutReply: BlockedClient.TimeoutReply) {
        switch blockMode {
        case .allowed, .retry:
            blockRequest = BlockRequest(keyIndexes: keyIndexes, deadline: deadline, timeoutReply: timeoutReply)
        case .never:
            switch timeoutReply {
            case .nullArray: replyNullArray()
            case .nullBulk: replyNull()
            }
        }
    }
}

extension CommandContext {
    @inline(__always) public mutating func replyOK() { reply.writeRESPSimpleString("OK") }
    @inline(__always) public mutating func replyNull() { reply.writeRESPNull(resp) }
    @inline(__always) public mutating func replyNullArray() { reply.writeRESPNullArray(resp) }
    @inline(__always) public mutating func replyInteger(_ value: Int) { reply.writeRESPInteger(Int64(value)) }
    @inline(__always) public mutating func replyInteger(_ value: Int64) { reply.writeRESPInteger(value) }
    @inline(__always) public mutating func replyError(_ text: StaticString) { reply.writeRESPError(text) }
    public mutating func replyError(_ text: String) { reply.writeRESPError(text) }
    @inline(__always) public mutating func replyBulk(_ bytes: UnsafeRawBufferPointer) { reply.writeRESPBulkString(bytes) }
    public mutating func replyBulk(_ text: String) { reply.writeRESPBulkString(text) }
    public mutating func replySimple(_ text: StaticString) { reply.writeRESPSimpleString(text) }
    public mutating func replyArrayHeader(_ count: Int) { reply.writeRESPArrayHeader(count) }
    public mutating func replyMapHeader(_ count: Int) { reply.writeRESPMapHeader(count, resp) }
    public mutating func replyDouble(_ value: Double) { reply.writeRESPDouble(value, resp) }
    public mutating func replyWrongArity() { reply.writeRESPError(ReplyError.wrongArity(spec.fullName)) }

    /// A string value as a bulk reply, whatever its encoding.
    @inline(__always)
    public mutating func replyString(_ entry: Entry) {
        if entry.encoding == .int {
            Integer.withDigits(entry.intValue) { reply.writeRESPBulkString($0) }
        } else {
            reply.writeRESPBulkString(entry.stringBytes)
        }
    }

    /// The integer argument at `index`, or replies "value is not an integer" and returns nil.
    public mutating func integerArgument(_ index: Int) -> Int64? {
        guard let value = Integer.parseStrict(arguments[index]) else {
            replyError(ReplyError.notInteger)
            return nil
        }
        return value
    }
}
