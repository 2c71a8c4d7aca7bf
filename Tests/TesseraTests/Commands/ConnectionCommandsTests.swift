import NIOConcurrencyHelpers
import NIOCore
import RESP
import Testing
@testable import Tessera

/// A stateful in-process client: its own session and `BatchExecution` on one loop, like the
/// embedding API's `Connection` (which it mirrors so these tests depend only on the engine).
final class TestClient: @unchecked Sendable {
    let engine: Engine
    let loop: any EventLoop
    let session: ClientSession
    private let execution: BatchExecution
    private static let next = NIOLockedValueBox(0)

    init(_ database: Database, address: String = "embedded") {
        engine = database.engine
        let index = Self.next.withLockedValue { $0 += 1; return $0 } % engine.loops.count
        loop = engine.loops[index]
        session = ClientSession(id: engine.clients.makeID(), authenticated: !engine.requiresAuth, address: address,
                                loopIndex: index)
        engine.clients.register(session)
        execution = BatchExecution(engine: engine, session: session, loop: loop)
    }

    deinit { engine.clients.unregister(session) }

    @discardableResult
    func execute(_ arguments: String...) async throws -> RESPValue {
        try await execute(arguments.map { Array($0.utf8) })
    }

    @discardableResult
    func execute(_ arguments: [[UInt8]]) async throws -> RESPValue {
        let execution = self.execution
        let loop = self.loop
        let replies = try await loop.flatSubmit { () -> EventLoopFuture<ByteBuffer> in
            let promise = loop.makePromise(of: ByteBuffer.self)
            execution.enqueue(CommandBatch(arguments: arguments)) { promise.succeed($0) }
            return promise.futureResult
        }.get()
        var buffer = replies
        var decoder = RESPValueDecoder()
        return try decoder.decode(&buffer) ?? .null
    }
}

/// Connection commands in process (one `TestClient` = one client), with replies checked against
/// Redis 7.0.15's.
@Suite("Connection commands")
struct ConnectionCommandsTests {
    static let wrongPass = RESPValue.error("WRONGPASS invalid username-password pair or user is disabled.")
    static let noAuth = RESPValue.error("NOAUTH Authentication required.")
    static let badName = RESPValue.error("ERR Client names cannot contain spaces, newlines or special characters.")

    func withPassword(_ password: String, _ body: (Database) async throws -> Void) async throws {
        let configuration = Configuration()
        try configuration.set("requirepass", password)
        let database = Database(configuration: configuration, shards: 2)
        do {
            try await body(database)
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    static func helloFields(_ reply: RESPValue) -> [String: RESPValue] {
        let flat: [RESPValue]
        switch reply {
        case .map(let items), .array(let items): flat = items
        default: return [:]
        }
        var fields: [String: RESPValue] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            fields[flat[index].string ?? ""] = flat[index + 1]
        }
        return fields
    }

    /// CLIENT INFO / LIST text as ordered (field, value) pairs per line.
    static func clientLines(_ reply: RESPValue) -> [[(String, String)]] {
        (reply.string ?? "").split(separator: "\n").map { line in
            line.split(separator: " ").map { part in
                let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(pieces[0]), pieces.count > 1 ? String(pieces[1]) : "")
            }
        }
    }

    static func field(_ line: [(String, String)], _ name: String) -> String? {
        line.first { $0.0 == name }?.1
    }

    static let listFields = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub",
                             "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem",
                             "tot-mem", "events", "cmd", "user", "redir", "resp"]

    // MARK: HELLO

    @Test("HELLO replies with the server map and switches the protocol")
    func hello() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            let id = try await client.execute("CLIENT", "ID")
            let v2 = try await client.execute("HELLO")
            guard case .array(let items) = v2 else { Issue.record("HELLO in RESP2 is an array: \(v2)"); return }
            #expect(items.count == 14)
            let fields = Self.helloFields(v2)
            #expect(fields["server"] == .bulk("redis"))
            #expect(fields["version"] == .bulk("7.0.15"))
            #expect(fields["proto"] == .integer(2))
            #expect(fields["id"] == id)
            #expect(fields["mode"] == .bulk("standalone"))
            #expect(fields["role"] == .bulk("master"))
            #expect(fields["modules"] == .array([]))

            let v3 = try await client.execute("HELLO", "3")
            guard case .map = v3 else { Issue.record("HELLO 3 is a map: \(v3)"); return }
            #expect(Self.helloFields(v3)["proto"] == .integer(3))
            guard case .verbatim(let format, _) = try await client.execute("CLIENT", "INFO") else {
                Issue.record("CLIENT INFO in RESP3 is a verbatim string"); return
            }
            #expect(format == "txt")
            #expect(Self.helloFields(try await client.execute("HELLO", "2"))["proto"] == .integer(2))
        }
    }

    @Test("HELLO errors, and options taking effect in order")
    func helloErrors() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            #expect(try await client.execute("HELLO", "4") == .error("NOPROTO unsupported protocol version"))
            #expect(try await client.execute("HELLO", "1") == .error("NOPROTO unsupported protocol version"))
            #expect(try await client.execute("HELLO", "abc")
                == .error("ERR Protocol version is not an integer or out of range"))
            #expect(try await client.execute("HELLO", "2", "FOO") == .error("ERR Syntax error in HELLO option 'FOO'"))
            #expect(try await client.execute("HELLO", "3", "AUTH", "default")
                == .error("ERR Syntax error in HELLO option 'AUTH'"))
            #expect(try await client.execute("HELLO", "3", "SETNAME", "a b") == Self.badName)
            #expect(try await client.execute("HELLO", "2", "AUTH", "nouser", "pw") == Self.wrongPass)
            // No password configured: the default user takes any password.
            let reply = try await client.execute("HELLO", "3", "AUTH", "default", "whatever", "SETNAME", "named")
            #expect(Self.helloFields(reply)["proto"] == .integer(3))
            #expect(try await client.execute("CLIENT", "GETNAME") == .bulk("named"))
        }
    }

    // MARK: AUTH

    @Test("AUTH without a configured password")
    func authWithoutPassword() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            #expect(try await client.execute("AUTH", "x") == .error(
                "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"))
            #expect(try await client.execute("AUTH", "default", "anything") == .ok)
            #expect(try await client.execute("AUTH", "nouser", "x") == Self.wrongPass)
            #expect(try await client.execute("AUTH", "a", "b", "c") == .error("ERR syntax error"))
            #expect(try await client.execute("AUTH") == .error("ERR wrong number of arguments for 'auth' command"))
        }
    }

    @Test("requirepass: NOAUTH until AUTH, HELLO AUTH, RESET deauthenticates")
    func requirePass() async throws {
        try await withPassword("s3cret") { db async throws in
            let client = TestClient(db)
            #expect(try await client.execute("PING") == Self.noAuth)
            #expect(try await client.execute("CLIENT", "SETNAME", "x") == Self.noAuth)
            #expect(try await client.execute("HELLO", "3") == .error(
                "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"))
            #expect(try await client.execute("GET") == .error("ERR wrong number of arguments for 'get' command"))
            #expect(try await client.execute("AUTH", "nope") == Self.wrongPass)
            #expect(try await client.execute("AUTH", "default", "nope") == Self.wrongPass)
            #expect(try await client.execute("AUTH", "other", "s3cret") == Self.wrongPass)
            #expect(try await client.execute("AUTH", "s3cret") == .ok)
            #expect(try await client.execute("PING") == .simpleString("PONG"))
            #expect(try await client.execute("RESET") == .simpleString("RESET"))
            #expect(try await client.execute("PING") == Self.noAuth)

            #expect(try await client.execute("HELLO", "3", "AUTH", "default", "nope") == Self.wrongPass)
            let reply = try await client.execute("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "authed")
            #expect(Self.helloFields(reply)["proto"] == .integer(3))
            #expect(try await client.execute("CLIENT", "GETNAME") == .bulk("authed"))

            // Clearing the password lets unauthenticated clients in; setting one keeps
            // authenticated clients in (Redis's authRequired).
            let other = TestClient(db)
            #expect(try await other.execute("PING") == Self.noAuth)
            try db.engine.configuration.set("requirepass", "", runtime: true)
            #expect(try await other.execute("PING") == .simpleString("PONG"))
            let early = TestClient(db)
            try db.engine.configuration.set("requirepass", "again", runtime: true)
            #expect(try await early.execute("PING") == .simpleString("PONG"))
            #expect(try await TestClient(db).execute("PING") == Self.noAuth)
        }
    }

    // MARK: RESET, SELECT

    @Test("RESET restores a new connection's state")
    func reset() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            let id = try await client.execute("CLIENT", "ID")
            _ = try await client.execute("HELLO", "3", "SETNAME", "named")
            #expect(try await client.execute("SELECT", "4") == .ok)
            #expect(try await client.execute("SET", "in4", "v") == .ok)
            #expect(try await client.execute("CLIENT", "NO-EVICT", "on") == .ok)
            #expect(try await client.execute("RESET") == .simpleString("RESET"))
            #expect(try await client.execute("CLIENT", "GETNAME") == .null)
            #expect(try await client.execute("GET", "in4") == .null)
            #expect(try await client.execute("CLIENT", "ID") == id)
            let line = Self.clientLines(try await client.execute("CLIENT", "INFO"))[0]
            #expect(Self.field(line, "db") == "0")
            #expect(Self.field(line, "resp") == "2")
            #expect(Self.field(line, "name") == "")
            #expect(Self.field(line, "flags") == "e")  // NO-EVICT survives RESET, as in Redis 7.0
            #expect(try await client.execute("RESET", "x") == .error("ERR wrong number of arguments for 'reset' command"))
        }
    }

    @Test("SELECT errors")
    func selectErrors() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            #expect(try await client.execute("SELECT", "16") == .error("ERR DB index is out of range"))
            #expect(try await client.execute("SELECT", "-1") == .error("ERR DB index is out of range"))
            #expect(try await client.execute("SELECT", "x") == .error("ERR value is not an integer or out of range"))
            #expect(try await client.execute("SELECT", "2147483648")
                == .error("ERR value is out of range, value must between -2147483648 and 2147483647"))
        }
    }

    // MARK: CLIENT

    @Test("CLIENT SETNAME, GETNAME and ID")
    func clientNames() async throws {
        try await withDatabase { db async throws in
            let a = TestClient(db)
            let b = TestClient(db)
            #expect(try await a.execute("CLIENT", "GETNAME") == .null)
            #expect(try await a.execute("CLIENT", "SETNAME", "worker-1") == .ok)
            #expect(try await a.execute("CLIENT", "GETNAME") == .bulk("worker-1"))
            #expect(try await a.execute("CLIENT", "SETNAME", "") == .ok)
            #expect(try await a.execute("CLIENT", "GETNAME") == .null)
            for name in ["a b", "a\nb", "a\u{1}b", "café"] {
                #expect(try await a.execute("CLIENT", "SETNAME", name) == Self.badName)
            }
            #expect(try await a.execute("CLIENT", "SETNAME", "~ok!") == .ok)
            let ia = try await a.execute("CLIENT", "ID").integerValue ?? 0
            let ib = try await b.execute("CLIENT", "ID").integerValue ?? 0
            #expect(ia > 0 && ib > ia)
            #expect(try await a.execute("CLIENT", "ID").integerValue == ia)
        }
    }

    @Test("CLIENT subcommand errors as Redis 7.0")
    func clientErrors() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            let cases: [([String], String)] = [
                (["CLIENT"], "ERR wrong number of arguments for 'client' command"),
                (["CLIENT", "FOO"], "ERR unknown subcommand 'FOO'. Try CLIENT HELP."),
                (["CLIENT", "SETINFO", "lib-name", "x"], "ERR unknown subcommand 'SETINFO'. Try CLIENT HELP."),
                (["CLIENT", "GETNAME", "x"], "ERR wrong number of arguments for 'client|getname' command"),
                (["CLIENT", "KILL"], "ERR wrong number of arguments for 'client|kill' command"),
                (["CLIENT", "KILL", "ID", "x"], "ERR client-id should be greater than 0"),
                (["CLIENT", "KILL", "ID", "0"], "ERR client-id should be greater than 0"),
                (["CLIENT", "KILL", "FOO", "bar"], "ERR syntax error"),
                (["CLIENT", "KILL", "ID", "1", "TYPE"], "ERR syntax error"),
                (["CLIENT", "KILL", "MAXAGE", "10"], "ERR syntax error"),
                (["CLIENT", "KILL", "SKIPME", "maybe"], "ERR syntax error"),
                (["CLIENT", "KILL", "TYPE", "foo"], "ERR Unknown client type 'foo'"),
                (["CLIENT", "KILL", "USER", "bob"], "ERR No such user 'bob'"),
                (["CLIENT", "KILL", "1.2.3.4:5"], "ERR No such client"),
                (["CLIENT", "LIST", "TYPE", "foo"], "ERR Unknown client type 'foo'"),
                (["CLIENT", "LIST", "ID", "x"], "ERR Invalid client ID"),
                (["CLIENT", "LIST", "FOO"], "ERR syntax error"),
                (["CLIENT", "LIST", "TYPE"], "ERR syntax error"),
                (["CLIENT", "PAUSE", "x"], "ERR timeout is not an integer or out of range"),
                (["CLIENT", "PAUSE", "-1"], "ERR timeout is negative"),
                (["CLIENT", "PAUSE", "x", "foo"], "ERR CLIENT PAUSE mode must be WRITE or ALL"),
                (["CLIENT", "PAUSE", "1", "2", "3"],
                 "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."),
                (["CLIENT", "UNBLOCK", "1", "ERROR", "x"],
                 "ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP."),
                (["CLIENT", "UNBLOCK", "1", "foo"], "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
                (["CLIENT", "UNBLOCK", "x"], "ERR value is not an integer or out of range"),
                (["CLIENT", "REPLY", "foo"], "ERR syntax error"),
                (["CLIENT", "NO-EVICT", "maybe"], "ERR syntax error"),
                (["CLIENT", "CACHING", "yes"],
                 "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"),
                (["CLIENT", "TRACKING", "foo"], "ERR syntax error"),
            ]
            for (arguments, error) in cases {
                #expect(try await client.execute(arguments.map { Array($0.utf8) }) == .error(error), "\(arguments)")
            }
            #expect(try await client.execute("CLIENT", "UNBLOCK", "99") == .integer(0))
            #expect(try await client.execute("CLIENT", "GETREDIR") == .integer(-1))
            #expect(try await client.execute("CLIENT", "TRACKING", "off") == .ok)
            #expect(try await client.execute("CLIENT", "TRACKINGINFO")
                == .array([.bulk("flags"), .array([.bulk("off")]), .bulk("redirect"), .integer(-1),
                           .bulk("prefixes"), .array([])]))
        }
    }

    @Test("CLIENT HELP is Redis 7.0's text")
    func clientHelp() async throws {
        try await withDatabase { db async throws in
            guard case .array(let lines) = try await db.execute("CLIENT", "HELP") else {
                Issue.record("CLIENT HELP is an array"); return
            }
            #expect(lines.count == 48)
            #expect(lines.first == .simpleString("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
            #expect(lines.last == .simpleString("    Prints this help."))
        }
    }

    @Test("CLIENT LIST and INFO: Redis's fields in order, filters by ID and TYPE")
    func clientList() async throws {
        try await withDatabase { db async throws in
            let a = TestClient(db)
            let b = TestClient(db)
            #expect(try await a.execute("CLIENT", "SETNAME", "conn-a") == .ok)
            #expect(try await b.execute("CLIENT", "SETNAME", "conn-b") == .ok)
            #expect(try await b.execute("SELECT", "2") == .ok)
            let ia = try await a.execute("CLIENT", "ID").integerValue ?? 0
            let ib = try await b.execute("CLIENT", "ID").integerValue ?? 0

            let info = try await a.execute("CLIENT", "INFO")
            #expect(info.string?.hasSuffix("\n") == true)
            let mine = Self.clientLines(info)
            #expect(mine.count == 1)
            #expect(mine[0].map(\.0) == Self.listFields)
            #expect(Self.field(mine[0], "id") == String(ia))
            #expect(Self.field(mine[0], "name") == "conn-a")
            #expect(Self.field(mine[0], "cmd") == "client|info")
            #expect(Self.field(mine[0], "flags") == "N")
            #expect(Self.field(mine[0], "qbuf") == "26")
            #expect(Self.field(mine[0], "argv-mem") == "10")
            #expect(Self.field(mine[0], "user") == "default")

            let lines = Self.clientLines(try await a.execute("CLIENT", "LIST"))
            for line in lines { #expect(line.map(\.0) == Self.listFields) }
            let other = lines.first { Self.field($0, "id") == String(ib) }
            #expect(other.flatMap { Self.field($0, "name") } == "conn-b")
            #expect(other.flatMap { Self.field($0, "db") } == "2")
            #expect(other.flatMap { Self.field($0, "cmd") } == "client|id")
            #expect(other.flatMap { Self.field($0, "qbuf") } == "0")
            #expect(lines.map { Int(Self.field($0, "id") ?? "") ?? 0 } == lines.map { Int(Self.field($0, "id") ?? "") ?? 0 }.sorted())

            let byID = Self.clientLines(try await a.execute("CLIENT", "LIST", "ID", String(ib), "999999", String(ia)))
            #expect(byID.map { Self.field($0, "id") } == [String(ib), String(ia)])
            #expect(try await a.execute("CLIENT", "LIST", "ID", "999999") == .bulk(""))
            #expect(try await a.execute("CLIENT", "LIST", "TYPE", "pubsub") == .bulk(""))
            #expect(try await a.execute("CLIENT", "LIST", "TYPE", "master") == .bulk(""))
            let normal = Self.clientLines(try await a.execute("CLIENT", "LIST", "TYPE", "NORMAL"))
            #expect(normal.contains { Self.field($0, "id") == String(ia) })
        }
    }

    @Test("CLIENT KILL by ID and by address; SKIPME")
    func clientKill() async throws {
        try await withDatabase { db async throws in
            let a = TestClient(db)
            let b = TestClient(db)
            let ia = try await a.execute("CLIENT", "ID").integerValue ?? 0
            let ib = try await b.execute("CLIENT", "ID").integerValue ?? 0
            #expect(try await a.execute("CLIENT", "KILL", "ID", String(ia)) == .integer(0))  // SKIPME yes
            #expect(try await a.execute("CLIENT", "KILL", "ID", String(ib)) == .integer(1))
            #expect(try await a.execute("CLIENT", "KILL", "ID", String(ib)) == .integer(0))
            let ids = Self.clientLines(try await a.execute("CLIENT", "LIST")).compactMap { Self.field($0, "id") }
            #expect(!ids.contains(String(ib)))
            #expect(try await a.execute("CLIENT", "KILL", "USER", "default", "ID", String(ia), "SKIPME", "no") == .integer(1))
        }
    }

    @Test("CLIENT KILL of oneself closes after the reply; QUIT stops the batch")
    func killSelf() async throws {
        try await withDatabase { db async throws in
            let engine = db.engine
            let loop = engine.loops[0]
            let session = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "10.0.0.1:5000",
                                        loopIndex: 0)
            engine.clients.register(session)
            defer { engine.clients.unregister(session) }
            let replies = try await Self.run(
                [["CLIENT", "KILL", "10.0.0.1:5000"], ["SET", "after-kill", "1"]], session: session, engine: engine, loop: loop)
            #expect(replies == "+OK\r\n")
            #expect(session.closeAfterReply)
            #expect(try await db.execute("GET", "after-kill") == .null)

            let quitter = ClientSession(id: engine.clients.makeID(), authenticated: true, loopIndex: 1)
            let quit = try await Self.run([["QUIT"], ["SET", "after-quit", "1"]], session: quitter, engine: engine,
                                          loop: engine.loops[1])
            #expect(quit == "+OK\r\n")
            #expect(try await db.execute("GET", "after-quit") == .null)
        }
    }

    /// Runs `commands` as one batch of `session` and returns the raw replies.
    static func run(_ commands: [[String]], session: ClientSession, engine: Engine, loop: any EventLoop) async throws
        -> String
    {
        var storage = ByteBuffer()
        var spans: [ArgumentSpan] = []
        var batchCommands: [CommandBatch.Command] = []
        for command in commands {
            batchCommands.append(.init(firstSpan: spans.count, count: command.count))
            for argument in command {
                spans.append(ArgumentSpan(start: storage.writerIndex, count: argument.utf8.count))
                storage.writeString(argument)
            }
        }
        let batch = CommandBatch(storage: storage, spans: spans, commands: batchCommands)
        let replies = try await loop.flatSubmit { () -> EventLoopFuture<ByteBuffer> in
            let promise = loop.makePromise(of: ByteBuffer.self)
            BatchExecution(engine: engine, session: session, loop: loop).run(batch) { promise.succeed($0) }
            return promise.futureResult
        }.get()
        return String(buffer: replies)
    }

    @Test("CLIENT REPLY OFF, ON and SKIP, including rejected commands")
    func clientReply() async throws {
        try await withDatabase { db async throws in
            let client = TestClient(db)
            let pong = RESPValue.simpleString("PONG")
            #expect(try await client.execute("CLIENT", "REPLY", "OFF") == .null)  // no reply at all
            #expect(try await client.execute("PING") == .null)
            #expect(try await client.execute("CLIENT", "REPLY", "ON") == .ok)
            #expect(try await client.execute("PING") == pong)
            #expect(try await client.execute("CLIENT", "REPLY", "SKIP") == .null)
            #expect(try await client.execute("PING") == .null)
            #expect(try await client.execute("PING") == pong)
            #expect(try await client.execute("CLIENT", "REPLY", "SKIP") == .null)
            #expect(try await client.execute("NOSUCHCOMMAND") == .null)  // the error is skipped too
            #expect(try await client.execute("PING") == pong)
            #expect(try await client.execute("CLIENT", "REPLY", "OFF") == .null)
            #expect(try await client.execute("CLIENT", "REPLY", "SKIP") == .null)  // ignored while OFF
            #expect(try await client.execute("PING") == .null)
            #expect(try await client.execute("RESET") == .simpleString("RESET"))
            #expect(try await client.execute("PING") == pong)
        }
    }

    // MARK: PAUSE

    @Test("CLIENT PAUSE WRITE postpones writes of every client, not reads")
    func pauseWrite() async throws {
        try await withDatabase { db async throws in
            let admin = TestClient(db)
            let writer = TestClient(db)
            // Timed from the PAUSE itself, so a slow, loaded machine cannot make it pass or fail
            // by accident: the write cannot finish before the pause ends, the read can.
            let clock = ContinuousClock()
            let pauseIssued = clock.now
            #expect(try await admin.execute("CLIENT", "PAUSE", "1500", "WRITE") == .ok)
            #expect(try await writer.execute("GET", "paused-key") == .null)
            #expect(clock.now - pauseIssued < .milliseconds(1500))
            #expect(try await writer.execute("SET", "paused-key", "1") == .ok)
            #expect(clock.now - pauseIssued >= .milliseconds(1500))
            #expect(try await writer.execute("GET", "paused-key") == .bulk("1"))
        }
    }

    @Test("CLIENT UNPAUSE resumes postponed clients at once")
    func unpause() async throws {
        try await withDatabase { db async throws in
            let admin = TestClient(db)
            let writer = TestClient(db)
            #expect(try await admin.execute("CLIENT", "PAUSE", "100000", "WRITE") == .ok)
            let clock = ContinuousClock()
            let start = clock.now
            async let write = writer.execute("SET", "k", "v")
            try await Task.sleep(for: .milliseconds(100))
            let listed = Self.clientLines(try await admin.execute("CLIENT", "LIST"))
            #expect(listed.contains { Self.field($0, "flags") == "b" && Self.field($0, "cmd") == "set" })
            #expect(try await admin.execute("CLIENT", "UNPAUSE") == .ok)
            #expect(try await write == .ok)
            #expect(clock.now - start < .seconds(10))
            #expect(db.engine.clients.pause.current == .none)
        }
    }

    // MARK: MONITOR

    final class Lines: Sendable {
        let received = NIOLockedValueBox<[String]>([])
        func append(_ buffer: ByteBuffer) {
            received.withLockedValue { $0.append(contentsOf: String(buffer: buffer).split(separator: "\r\n").map(String.init)) }
        }
        var all: [String] { received.withLockedValue { $0 } }
    }

    @Test("MONITOR streams every client's commands as Redis formats them")
    func monitor() async throws {
        try await withDatabase { db async throws in
            let engine = db.engine
            let lines = Lines()
            let monitor = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "127.0.0.1:4000",
                                        loopIndex: 1)
            monitor.monitorSink = { lines.append($0) }
            engine.clients.register(monitor)
            #expect(try await Self.run([["MONITOR"]], session: monitor, engine: engine, loop: engine.loops[1]) == "+OK\r\n")
            #expect(try await Self.run([["MONITOR"]], session: monitor, engine: engine, loop: engine.loops[1]) == "")

            let client = TestClient(db)
            _ = try await client.execute("SET", "k", "v")
            _ = try await client.execute("SELECT", "5")
            _ = try await client.execute("AUTH", "default", "secret")
            _ = try await client.execute("CLIENT", "LIST")  // admin: not shown
            _ = try await client.execute("NOSUCH")          // rejected: not shown
            _ = try await client.execute(["ECHO", "a\"b\\\n\u{1}é"].map { Array($0.utf8) })
            _ = try await client.execute("MSET", "a", "1", "b", "2")
            // The monitor itself may not touch the keyspace.
            #expect(try await Self.run([["GET", "k"]], session: monitor, engine: engine, loop: engine.loops[1])
                == "-ERR Replica can't interact with the keyspace\r\n")
            try await Task.sleep(for: .milliseconds(50))
            let received = lines.all.map { line in
                // "+1700000000.123456 [db addr] args" -> "[db addr] args"
                line.split(separator: " ", maxSplits: 1).count == 2 ? String(line.split(separator: " ", maxSplits: 1)[1]) : line
            }
            #expect(received == [
                "[0 embedded] \"SET\" \"k\" \"v\"",
                "[5 embedded] \"SELECT\" \"5\"",
                "[5 embedded] \"AUTH\" \"(redacted)\" \"(redacted)\"",
                "[5 embedded] \"ECHO\" \"a\\\"b\\\\\\n\\x01\\xc3\\xa9\"",
                "[5 embedded] \"MSET\" \"a\" \"1\" \"b\" \"2\"",
            ])
            let timestamp = try Regex(#"\+\d{10}\.\d{6} \["#)
            for line in lines.all {
                #expect(line.prefixMatch(of: timestamp) != nil, "\(line)")
            }
            #expect(engine.clients.monitors.count == 1)
            #expect(try await Self.run([["RESET"]], session: monitor, engine: engine, loop: engine.loops[1]) == "+RESET\r\n")
            #expect(engine.clients.monitors.count == 0)
            #expect(engine.clients.gate.load(ordering: .relaxed) == 0)
            engine.clients.unregister(monitor)
        }
    }

    @Test("MONITOR redacts HELLO AUTH passwords")
    func monitorRedactsHello() async throws {
        try await withDatabase { db async throws in
            var line = ByteBuffer()
            let arguments = ["HELLO", "3", "AUTH", "default", "pw", "SETNAME", "n"]
            let batch = CommandBatch(arguments: arguments.map { Array($0.utf8) })
            let hello = db.engine.commands.commands.first { $0.name == "hello" }!
            batch.storage.withUnsafeReadableBytes { raw in
                batch.spans.withUnsafeBufferPointer { spans in
                    MonitorFeed.format(into: &line, hello, Arguments(base: raw.baseAddress!, spans: spans), db: 0,
                                       client: "127.0.0.1:1", now: 1_700_000_000_000_042)
                }
            }
            #expect(String(buffer: line)
                == "+1700000000.000042 [0 127.0.0.1:1] \"HELLO\" \"3\" \"AUTH\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"n\"\r\n")
        }
    }

    @Test("CLIENT LIST, KILL, MONITOR and PAUSE while clients on other loops change state")
    func concurrentClients() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let engine = db.engine
            let lines = Lines()
            let monitor = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "127.0.0.1:4000",
                                        loopIndex: 3)
            monitor.monitorSink = { lines.append($0) }
            engine.clients.register(monitor)
            _ = try await Self.run([["MONITOR"]], session: monitor, engine: engine, loop: engine.loops[3])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for round in 0..<50 {
                            let client = TestClient(db)
                            _ = try await client.execute("CLIENT", "SETNAME", "w\(worker)-\(round)")
                            _ = try await client.execute("SELECT", String(round % 16))
                            _ = try await client.execute("HELLO", round % 2 == 0 ? "3" : "2")
                            _ = try await client.execute("SET", "k\(worker)", "v\(round)")
                            _ = try await client.execute("CLIENT", "NO-EVICT", "on")
                        }
                    }
                }
                group.addTask {
                    let admin = TestClient(db)
                    for round in 0..<100 {
                        let list = try await admin.execute("CLIENT", "LIST")
                        for line in Self.clientLines(list) { #expect(line.count == Self.listFields.count) }
                        _ = try await admin.execute("CLIENT", "KILL", "ID", String(monitor.id + 2 + Int64(round)))
                        if round % 25 == 0 {
                            _ = try await admin.execute("CLIENT", "PAUSE", "5", "WRITE")
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(lines.all.filter { $0.contains("\"SET\" \"k") }.count == 200)
            engine.clients.unregister(monitor)
        }
    }

    // MARK: timeout

    @Test("timeout closes idle clients, but not monitors or blocked ones")
    func idleTimeout() async throws {
        let registry = ClientRegistry()
        let killed = NIOLockedValueBox<[Int64]>([])
        func session(_ id: Int64) -> ClientSession {
            let session = ClientSession(id: id, authenticated: true, loopIndex: 0,
                                        kill: { killed.withLockedValue { $0.append(id) } })
            registry.register(session)
            return session
        }
        let idle = session(1)
        let active = session(2)
        let monitor = session(3)
        let blocked = session(4)
        let embedded = ClientSession(id: 5, authenticated: true, loopIndex: 0)
        registry.register(embedded)
        let old = Clock.milliseconds() - 10_000
        for client in [idle, monitor, blocked, embedded] { client.lastInteraction = old }
        active.touch()
        monitor.isMonitor = true
        blocked.updateFlag(.blocked, true)
        registry.closeIdleClients(timeout: 0, log: { _ in })
        #expect(killed.withLockedValue { $0 }.isEmpty)
        registry.closeIdleClients(timeout: 5, log: { _ in })
        #expect(killed.withLockedValue { $0 } == [1])
        #expect(registry.snapshot().map(\.id) == [2, 3, 4, 5])
    }
}
