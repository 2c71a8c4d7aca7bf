import RESP
import Testing
@testable import Tessera

/// The blocking mechanism (Execution/Blocking) driven by two commands of this test's own, on
/// plain strings, so it is tested apart from any data type:
/// - `BTAKE key [key ...] timeout` takes (GET + DEL) the first existing key, replying
///   [key, value], or blocks on all of them;
/// - `BSHIFT source destination timeout` moves source's value to destination, replying the
///   value, or blocks on source (BLMOVE's shape: its destination may live on another shard).
@Suite("Blocking commands across shards")
struct BlockingTests {
    static let table = CommandTable(families: CommandTable.standard.commands + [
        CommandSpec("btake", arity: -3, flags: [.write, .blocking], keys: (1, -2, 1), group: .generic, handler: take),
        CommandSpec("bshift", arity: 4, flags: [.write, .denyoom, .blocking], keys: (1, 2, 1), group: .generic,
                    handler: shift),
    ])

    static func take(_ context: inout CommandContext) {
        guard let deadline = BlockingTimeout.deadline(&context, argument: context.arguments.count - 1) else { return }
        let keys = Array(1..<(context.arguments.count - 1))
        for index in keys {
            guard let entry = context.keyspace.lookupWrite(context[index]) else { continue }
            guard entry.type == .string else {
                if context.blockMode == .retry { break }
                return context.replyError(ReplyError.wrongType)
            }
            context.replyArrayHeader(2)
            context.replyBulk(context[index])
            context.replyString(entry)
            _ = context.keyspace.remove(context[index])
            return
        }
        context.block(on: keys, deadline: deadline, timeoutReply: .nullArray)
    }

    static func shift(_ context: inout CommandContext) {
        guard let deadline = BlockingTimeout.deadline(&context, argument: 3) else { return }
        guard let value = context.keyspace.detach(context[1]) else {
            return context.block(on: [1], deadline: deadline, timeoutReply: .nullBulk)
        }
        let entry = context.keyspace.attach(context[2], value)
        context.replyString(entry)
    }

    static func withBlockingDatabase(shards: Int, _ body: (Database) async throws -> Void) async throws {
        let db = Database(shards: shards, commands: table)
        do { try await body(db) } catch {
            try await db.close()
            throw error
        }
        try await db.close()
    }

    /// Waits until `count` clients are blocked.
    static func waitForBlocked(_ db: Database, _ count: Int) async throws {
        for _ in 0..<2000 {
            if db.engine.clients.blockedCount.load(ordering: .relaxed) == count { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("never saw \(count) blocked clients")
    }

    static func key(onShard shard: Int, of db: Database, prefix: String) -> String {
        var index = 0
        while true {
            let key = "\(prefix)\(index)"
            if Array(key.utf8).withUnsafeBytes({ db.engine.shardIndex(forKey: $0) }) == shard { return key }
            index += 1
        }
    }

    @Test("a blocked client is served by the next write of its key")
    func servedByWrite() async throws {
        try await Self.withBlockingDatabase(shards: 1) { db async throws in
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BTAKE", "k", "0") }
            try await Self.waitForBlocked(db, 1)
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await reply.value == .array([.bulk("k"), .bulk("v")]))
            #expect(try await db.execute("EXISTS", "k") == .integer(0))
            #expect(db.engine.clients.blockedCount.load(ordering: .relaxed) == 0)
        }
    }

    @Test("a client blocked on keys of several shards is served by a write to any of them")
    func servedFromAnyShard() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            let a = Self.key(onShard: 0, of: db, prefix: "a")
            let b = Self.key(onShard: 1, of: db, prefix: "b")
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BTAKE", a, b, "0") }
            try await Self.waitForBlocked(db, 1)
            try await db.execute("SET", b, "from-b")
            #expect(try await reply.value == .array([.bulk(b), .bulk("from-b")]))
            // Served once: a later write of the other key stays.
            try await db.execute("SET", a, "stays")
            #expect(try await db.execute("GET", a) == .bulk("stays"))
        }
    }

    @Test("clients blocked on one key are served first come first served")
    func firstComeFirstServed() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            var replies: [Task<RESPValue, Error>] = []
            for index in 0..<3 {
                let waiter = db.connection()
                replies.append(Task { try await waiter.execute("BTAKE", "queue", "0") })
                try await Self.waitForBlocked(db, index + 1)
            }
            for index in 0..<3 { try await db.execute("SET", "queue", "v\(index)") }
            for index in 0..<3 {
                #expect(try await replies[index].value == .array([.bulk("queue"), .bulk("v\(index)")]))
            }
        }
    }

    @Test("each written value goes to exactly one blocked client")
    func exactlyOnce() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            let keys = [Self.key(onShard: 0, of: db, prefix: "x"), Self.key(onShard: 1, of: db, prefix: "y")]
            let waiters = 24
            let results = try await withThrowingTaskGroup(of: RESPValue.self) { group -> [RESPValue] in
                for index in 0..<waiters {
                    let connection = db.connection()
                    // Half wait on both shards (served under both locks), half on one key.
                    let arguments = index % 2 == 0 ? ["BTAKE", keys[0], keys[1], "0"] : ["BTAKE", keys[index % 4 / 2], "0"]
                    group.addTask { try await connection.execute(arguments.map { Array($0.utf8) }) }
                }
                try await Self.waitForBlocked(db, waiters)
                var item = 0
                while db.engine.clients.blockedCount.load(ordering: .relaxed) > 0 && item < 10_000 {
                    try await db.execute("SET", keys[item % 2], "item\(item)")
                    item += 1
                    try await Task.sleep(for: .milliseconds(1))
                }
                var all: [RESPValue] = []
                for try await value in group { all.append(value) }
                return all
            }
            let values = results.compactMap { reply -> String? in
                guard case .array(let pair) = reply, case .bulkString(let bytes) = pair[1] else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            #expect(values.count == waiters)
            #expect(Set(values).count == values.count, "a value was delivered twice")
        }
    }

    @Test("a timeout answers a null array and leaves no blocked client")
    func timeout() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            let waiter = db.connection()
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await waiter.execute("BTAKE", "nothing", "0.1") == .null)
            // Deadlines have millisecond granularity, as in Redis.
            #expect(clock.now - start >= .milliseconds(95))
            #expect(db.engine.clients.blockedCount.load(ordering: .relaxed) == 0)
            // BSHIFT times out with a null bulk, as BLMOVE.
            #expect(try await waiter.execute("BSHIFT", "nothing", "dst", "0.05") == .null)
            try await db.execute("SET", "nothing", "v")
            #expect(try await db.execute("GET", "nothing") == .bulk("v"))
        }
    }

    @Test("timeout arguments are checked as Redis does")
    func timeoutArguments() async throws {
        try await Self.withBlockingDatabase(shards: 1) { db async throws in
            #expect(try await db.execute("BTAKE", "k", "abc") == .error("ERR timeout is not a float or out of range"))
            #expect(try await db.execute("BTAKE", "k", "-1") == .error("ERR timeout is negative"))
            #expect(try await db.execute("BTAKE", "k", "1e300") == .error("ERR timeout is out of range"))
            #expect(try await db.execute("BTAKE", "k", "inf") == .error("ERR timeout is out of range"))
            try await db.execute("SET", "k", "v")
            #expect(try await db.execute("BTAKE", "k", "-0.0001") == .array([.bulk("k"), .bulk("v")]))
        }
    }

    @Test("CLIENT UNBLOCK ends a wait as a timeout or with the UNBLOCKED error")
    func clientUnblock() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            let waiter = db.connection()
            guard case .integer(let id) = try await waiter.execute("CLIENT", "ID") else {
                Issue.record("CLIENT ID")
                return
            }
            let admin = db.connection()
            #expect(try await admin.execute("CLIENT", "UNBLOCK", String(id)) == .integer(0))
            let first = Task { try await waiter.execute("BTAKE", "k", "0") }
            try await Self.waitForBlocked(db, 1)
            #expect(try await admin.execute("CLIENT", "UNBLOCK", String(id)) == .integer(1))
            #expect(try await first.value == .null)
            let second = Task { try await waiter.execute("BTAKE", "k", "0") }
            try await Self.waitForBlocked(db, 1)
            #expect(try await admin.execute("CLIENT", "UNBLOCK", String(id), "ERROR") == .integer(1))
            #expect(try await second.value == .error("UNBLOCKED client unblocked via CLIENT UNBLOCK"))
            // The unblocked client left its key: the next write is not lost on it.
            try await db.execute("SET", "k", "v")
            #expect(try await db.execute("GET", "k") == .bulk("v"))
        }
    }

    @Test("a blocked move whose destination is on another shard moves atomically and wakes the destination's waiters")
    func blockedMoveAcrossShards() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            let source = Self.key(onShard: 0, of: db, prefix: "src")
            let destination = Self.key(onShard: 1, of: db, prefix: "dst")
            let mover = db.connection()
            let moved = Task { try await mover.execute("BSHIFT", source, destination, "0") }
            try await Self.waitForBlocked(db, 1)
            let taker = db.connection()
            let taken = Task { try await taker.execute("BTAKE", destination, "0") }
            try await Self.waitForBlocked(db, 2)
            try await db.execute("SET", source, "payload")
            #expect(try await moved.value == .bulk("payload"))
            #expect(try await taken.value == .array([.bulk(destination), .bulk("payload")]))
            #expect(try await db.execute("EXISTS", source, destination) == .integer(0))
        }
    }

    @Test("a write that a blocked client takes at once is still acknowledged")
    func writeTakenAtOnce() async throws {
        try await Self.withBlockingDatabase(shards: 1) { db async throws in
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BTAKE", "k", "0") }
            try await Self.waitForBlocked(db, 1)
            // The writer's own pipeline: the SET is answered, then its client sees the key gone.
            let writer = db.connection()
            #expect(try await writer.execute("SET", "k", "v") == .ok)
            #expect(try await writer.execute("GET", "k") == .null)
            #expect(try await reply.value == .array([.bulk("k"), .bulk("v")]))
        }
    }

    @Test("INFO counts blocked clients")
    func infoCountsBlocked() async throws {
        try await Self.withBlockingDatabase(shards: 2) { db async throws in
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BTAKE", "k", "0") }
            try await Self.waitForBlocked(db, 1)
            guard case .bulkString(let info) = try await db.execute("INFO", "clients") else {
                Issue.record("INFO")
                return
            }
            #expect(String(decoding: info, as: UTF8.self).contains("blocked_clients:1\r\n"))
            try await db.execute("SET", "k", "v")
            _ = try await reply.value
        }
    }
}
