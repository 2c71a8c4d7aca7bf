import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RESP

/// Tessera embedded in your process: the same engine, commands and persistence as the server,
/// without a socket.
///
/// ```swift
/// let db = Database(shards: 4)
/// try await db.execute("SET", "greeting", "hello")
/// let value = try await db.get("greeting")      // "hello" as bytes
/// ```
/// Safe to call from many tasks at once: each call runs as its own client, spread over the
/// shards' loops. Use `connection()` for a client with state (SELECT, CLIENT SETNAME).
public final class Database: Sendable {
    public let engine: Engine
    private let next = NIOLockedCounter()

    /// Opens an in-memory engine with `configuration` (its `shards` directive, or `shards`).
    public convenience init(configuration: Configuration = Configuration(), shards: Int? = nil) {
        self.init(configuration: configuration, shards: shards, commands: .standard)
    }

    /// With another command table (tests of engine mechanisms drive them with commands of their own).
    init(configuration: Configuration = Configuration(), shards: Int? = nil, commands: CommandTable) {
        if let shards { try? configuration.set("shards", String(shards)) }
        self.engine = Engine(configuration: configuration, commands: commands)
    }

    /// Runs one command and returns its reply; error replies come back as `.error`.
    @discardableResult
    public func execute(_ arguments: String...) async throws -> RESPValue {
        try await execute(arguments.map { Array($0.utf8) })
    }

    @discardableResult
    public func execute(_ arguments: [[UInt8]]) async throws -> RESPValue {
        let loop = engine.loops[next.increment() % engine.loops.count]
        let session = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "embedded",
                                    loopIndex: engine.shardIndex(of: loop))
        return try await Connection.run(arguments, session: session, engine: engine, loop: loop)
    }

    /// A client with its own session (database, name, protocol) on one loop.
    public func connection() -> Connection {
        let loop = engine.loops[next.increment() % engine.loops.count]
        return Connection(engine: engine, loop: loop)
    }

    /// Stops the engine's loops.
    public func close() async throws {
        try await engine.shutdown()
    }

    // MARK: typed conveniences

    public func get(_ key: String) async throws -> [UInt8]? {
        try Self.bytes(await execute("GET", key))
    }

    public func set(_ key: String, _ value: String, expireMilliseconds: Int? = nil) async throws {
        var arguments = ["SET", key, value]
        if let expireMilliseconds { arguments += ["PX", String(expireMilliseconds)] }
        try Self.check(await execute(arguments.map { Array($0.utf8) }))
    }

    @discardableResult
    public func delete(_ keys: String...) async throws -> Int {
        try Self.integer(await execute((["DEL"] + keys).map { Array($0.utf8) }))
    }

    public func exists(_ key: String) async throws -> Bool {
        try Self.integer(await execute("EXISTS", key)) == 1
    }

    public func increment(_ key: String, by amount: Int = 1) async throws -> Int {
        try Self.integer(await execute("INCRBY", key, String(amount)))
    }

    public func expire(_ key: String, seconds: Int) async throws -> Bool {
        try Self.integer(await execute("EXPIRE", key, String(seconds))) == 1
    }

    /// Remaining time to live in milliseconds; nil when the key has none or does not exist.
    public func ttl(_ key: String) async throws -> Int? {
        let value = try Self.integer(await execute("PTTL", key))
        return value < 0 ? nil : value
    }

    static func bytes(_ reply: RESPValue) throws -> [UInt8]? {
        switch reply {
        case .bulkString(let bytes): return bytes
        case .null: return nil
        case .error(let message): throw DatabaseError(message: message)
        default: throw DatabaseError(message: "unexpected reply \(reply)")
        }
    }

    static func integer(_ reply: RESPValue) throws -> Int {
        switch reply {
        case .integer(let value): return Int(value)
        case .error(let message): throw DatabaseError(message: message)
        default: throw DatabaseError(message: "unexpected reply \(reply)")
        }
    }

    static func check(_ reply: RESPValue) throws {
        if case .error(let message) = reply { throw DatabaseError(message: message) }
    }
}

/// An error reply from the engine, e.g. "WRONGTYPE Operation against a key holding the wrong kind of value".
public struct DatabaseError: Error, Sendable, Equatable {
    public let message: String
}

/// A stateful client of an embedded `Database`: commands run in order on one loop, with one
/// session (SELECT, HELLO 3, CLIENT SETNAME stick).
public final class Connection: Sendable {
    let engine: Engine
    let loop: any EventLoop
    /// Touched only on `loop` (inside `submit`).
    private let execution: BatchExecution
    private let session: ClientSession

    init(engine: Engine, loop: any EventLoop) {
        self.engine = engine
        self.loop = loop
        let session = ClientSession(id: engine.clients.makeID(), authenticated: !engine.requiresAuth,
                                    address: "embedded", loopIndex: engine.shardIndex(of: loop))
        engine.clients.register(session)
        self.session = session
        let execution = BatchExecution(engine: engine, session: session, loop: loop)
        self.execution = execution
    }

    deinit {
        engine.clients.unregister(session)
    }

    @discardableResult
    public func execute(_ arguments: String...) async throws -> RESPValue {
        try await execute(arguments.map { Array($0.utf8) })
    }

    /// Runs one command; calls on one connection are serialized in submission order.
    @discardableResult
    public func execute(_ arguments: [[UInt8]]) async throws -> RESPValue {
        let execution = self.execution
        let resp = try await loop.flatSubmit { () -> EventLoopFuture<ByteBuffer> in
            let promise = self.loop.makePromise(of: ByteBuffer.self)
            execution.enqueue(CommandBatch(arguments: arguments)) { promise.succeed($0) }
            return promise.futureResult
        }.get()
        return try Connection.decode(resp)
    }

    static func run(_ arguments: [[UInt8]], session: ClientSession, engine: Engine, loop: any EventLoop) async throws
        -> RESPValue
    {
        let replies = try await loop.flatSubmit { () -> EventLoopFuture<ByteBuffer> in
            let promise = loop.makePromise(of: ByteBuffer.self)
            BatchExecution(engine: engine, session: session, loop: loop)
                .run(CommandBatch(arguments: arguments)) { promise.succeed($0) }
            return promise.futureResult
        }.get()
        return try decode(replies)
    }

    static func decode(_ replies: ByteBuffer) throws -> RESPValue {
        var buffer = replies
        var decoder = RESPValueDecoder()
        guard let value = try decoder.decode(&buffer) else { return .null }
        return value
    }
}

/// A tiny lock-protected counter for round-robin loop choice.
final class NIOLockedCounter: Sendable {
    private let value = NIOLockedValueBox(0)
    func increment() -> Int { value.withLockedValue { $0 += 1; return $0 } }
}
