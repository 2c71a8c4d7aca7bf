#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import RESP
import Synchronization
import Testing
@testable import Tessera

/// A database whose configuration has `settings` applied first (DEBUG needs
/// enable-debug-command, which cannot change at run time).
func withServerDatabase(_ settings: [String: String] = [:], shards: Int = 2,
                        _ body: (Database) async throws -> Void) async throws {
    let configuration = Configuration()
    // No save points unless asked: FLUSHALL and SHUTDOWN would write dump.rdb where tests run.
    try configuration.set("save", "")
    for (name, value) in settings { try configuration.set(name, value) }
    let database = Database(configuration: configuration, shards: shards)
    do {
        try await body(database)
    } catch {
        try await database.close()
        throw error
    }
    try await database.close()
}

extension Database {
    /// One command from a client with the given protocol and address (RESP3 replies, local and
    /// remote clients).
    func execute(resp: RESPVersion = .v2, address: String = "embedded", _ arguments: String...) async throws -> RESPValue {
        let session = ClientSession(id: engine.clients.makeID(), authenticated: true, address: address, loopIndex: 0)
        session.resp = resp
        return try await execute(in: session, arguments)
    }

    /// Commands from one client whose state (SELECT) lasts from command to command.
    func execute(in session: ClientSession, _ arguments: [String]) async throws -> RESPValue {
        try await Connection.run(arguments.map { Array($0.utf8) }, session: session, engine: engine,
                                 loop: engine.loops[session.loopIndex])
    }

    /// The reply bytes exactly as a client of protocol `resp` receives them.
    func wire(resp: RESPVersion = .v2, _ arguments: String...) async throws -> String {
        let loop = engine.loops[0]
        let session = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "embedded", loopIndex: 0)
        session.resp = resp
        let engine = self.engine
        let batch = CommandBatch(arguments: arguments.map { Array($0.utf8) })
        let replies = try await loop.flatSubmit { () -> EventLoopFuture<ByteBuffer> in
            let promise = loop.makePromise(of: ByteBuffer.self)
            BatchExecution(engine: engine, session: session, loop: loop).run(batch) { promise.succeed($0) }
            return promise.futureResult
        }.get()
        return String(buffer: replies)
    }

    func session() -> ClientSession {
        ClientSession(id: engine.clients.makeID(), authenticated: true, address: "embedded", loopIndex: 0)
    }

    func info(_ sections: String...) async throws -> String {
        try #require(try await execute((["INFO"] + sections).map { Array($0.utf8) }).string)
    }

    func infoFields(_ sections: String...) async throws -> [String: String] {
        let text = try #require(try await execute((["INFO"] + sections).map { Array($0.utf8) }).string)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\r\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }

    func configGet(_ patterns: String...) async throws -> [String: String] {
        guard case .array(let flat) = try await execute((["CONFIG", "GET"] + patterns).map { Array($0.utf8) }) else {
            return [:]
        }
        var result: [String: String] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) { result[flat[index].string!] = flat[index + 1].string! }
        return result
    }
}

func sectionNames(_ text: String) -> [String] {
    text.split(separator: "\r\n").filter { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
}

/// Decodes reply bytes written as Redis sends them.
func decoded(_ bytes: String) -> RESPValue {
    var buffer = ByteBuffer(string: bytes)
    var decoder = RESPValueDecoder()
    return (try? decoder.decode(&buffer)) ?? .null
}

let debugEnabled = ["enable-debug-command": "yes"]

@Suite("INFO")
struct InfoCommandTests {
    static let defaultSections = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                                  "Errorstats", "Cluster", "Keyspace"]

    @Test("INFO and INFO default print the default sections in Redis's order")
    func defaults() async throws {
        try await withDatabase { db async throws in
            #expect(sectionNames(try await db.info()) == Self.defaultSections)
            #expect(sectionNames(try await db.info("default")) == Self.defaultSections)
            #expect(sectionNames(try await db.info("everything")) == [
                "Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Commandstats",
                "Errorstats", "Latencystats", "Cluster", "Keyspace"])
            #expect(sectionNames(try await db.info("all")) == sectionNames(try await db.info("everything")))
            #expect(sectionNames(try await db.info("KEYSPACE", "server", "nosuch")) == ["Server", "Keyspace"])
            #expect(try await db.execute("INFO", "nosuch") == .bulk(""))
        }
    }

    @Test("sections are CRLF lines separated by a blank line")
    func layout() async throws {
        try await withDatabase { db async throws in
            let text = try await db.info("server", "clients")
            #expect(text.hasPrefix("# Server\r\nredis_version:7.0.15\r\n"))
            #expect(text.contains("\r\n\r\n# Clients\r\n"))
            #expect(text.hasSuffix("\r\n"))
            let scalars = Array(text.unicodeScalars)
            for (index, scalar) in scalars.enumerated() where scalar == "\n" { #expect(index > 0 && scalars[index - 1] == "\r") }
            #expect(try await db.execute("INFO", "keyspace") == .bulk("# Keyspace\r\n"))
        }
    }

    @Test("INFO is a verbatim string in RESP3")
    func verbatim() async throws {
        try await withDatabase { db async throws in
            guard case .verbatim(let format, let text) = try await db.execute(resp: .v3, "INFO", "cluster") else {
                Issue.record("not verbatim")
                return
            }
            #expect(format == "txt")
            #expect(text == Array("# Cluster\r\ncluster_enabled:0\r\n".utf8))
        }
    }

    @Test("server section: versions, shards, process, clock")
    func server() async throws {
        try await withDatabase(shards: 3) { db async throws in
            let fields = try await db.infoFields("server")
            #expect(fields["redis_version"] == "7.0.15")
            #expect(fields["tessera_version"] == TesseraVersion.current)
            #expect(fields["shards"] == "3")
            #expect(fields["redis_mode"] == "standalone")
            #expect(fields["process_id"] == String(getpid()))
            #expect(fields["run_id"]?.count == 40)
            #expect(fields["hz"] == "10")
            #expect(fields["arch_bits"] == "64")
            let serverTime = try #require(fields["server_time_usec"].flatMap { Int64($0) })
            #expect(abs(serverTime - Clock.microseconds()) < 5_000_000)
            #expect(fields["lru_clock"] == String((serverTime / 1_000_000) & 0xFF_FFFF)
                || fields["lru_clock"] == String((serverTime / 1_000_000 + 1) & 0xFF_FFFF))
        }
    }

    @Test("memory section: the allocator's numbers and human forms")
    func memory() async throws {
        try await withDatabase { db async throws in
            let fields = try await db.infoFields("memory")
            let used = try #require(fields["used_memory"].flatMap { Int($0) })
            #expect(used > 0)
            #expect(fields["used_memory_human"] == InfoFormat.humanBytes(used))
            #expect(fields["mem_allocator"] == MemoryStats.processAllocator.stats().allocator)
            #expect(fields["maxmemory"] == "0")
            #expect(fields["maxmemory_human"] == "0B")
            #expect(fields["maxmemory_policy"] == "noeviction")
            #expect(try #require(fields["used_memory_peak"].flatMap { Int($0) }) >= used)
            #expect(try #require(fields["used_memory_rss"].flatMap { Int($0) }) > 0)
        }
    }

    @Test("bytesToHuman as Redis prints it")
    func humanBytes() {
        #expect(InfoFormat.humanBytes(0) == "0B")
        #expect(InfoFormat.humanBytes(1023) == "1023B")
        #expect(InfoFormat.humanBytes(1024) == "1.00K")
        #expect(InfoFormat.humanBytes(916_352) == "894.88K")
        #expect(InfoFormat.humanBytes(1_048_576) == "1.00M")
        #expect(InfoFormat.humanBytes(25_274_793_984) == "23.54G")
        #expect(InfoFormat.humanBytes(3 << 40) == "3.00T")
    }

    @Test("keyspace lists non-empty databases with keys, expires and avg_ttl")
    func keyspace() async throws {
        try await withDatabase { db async throws in
            let client = db.session()
            #expect(try await db.execute(in: client, ["MSET", "a", "1", "b", "2"]) == .ok)
            #expect(try await db.execute(in: client, ["SET", "c", "3", "EX", "1000"]) == .ok)
            #expect(try await db.execute(in: client, ["SELECT", "3"]) == .ok)
            #expect(try await db.execute(in: client, ["SET", "d", "4"]) == .ok)
            let lines = try await db.info("keyspace").split(separator: "\r\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines[0] == "# Keyspace")
            #expect(lines[1].hasPrefix("db0:keys=3,expires=1,avg_ttl="))
            let ttl = try #require(Int(lines[1].split(separator: "=").last!))
            #expect(ttl > 990_000 && ttl <= 1_000_000)
            #expect(lines[2] == "db3:keys=1,expires=0,avg_ttl=0")
        }
    }

    @Test("persistence section is honest about a server that has not saved")
    func persistence() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("MSET", "a", "1", "b", "2", "c", "3") == .ok)
            let fields = try await db.infoFields("persistence")
            #expect(fields["rdb_changes_since_last_save"] == "3")
            #expect(fields["rdb_bgsave_in_progress"] == "0")
            #expect(fields["rdb_last_bgsave_status"] == "ok")
            #expect(fields["aof_enabled"] == "0")
            #expect(fields["loading"] == "0")
        }
    }

    @Test("stats count hits, misses, expired keys, commands and errors; CONFIG RESETSTAT zeroes them")
    func stats() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("GET", "k") == .bulk("v"))
            #expect(try await db.execute("GET", "k") == .bulk("v"))
            #expect(try await db.execute("GET", "missing") == .null)
            #expect(try await db.execute("SET", "e", "v", "PX", "10") == .ok)
            try await Task.sleep(for: .milliseconds(30))
            #expect(try await db.execute("GET", "e") == .null)
            #expect(try await db.execute("NOSUCHCOMMAND").isError)
            var fields = try await db.infoFields("stats")
            #expect(fields["keyspace_hits"] == "2")
            #expect(fields["keyspace_misses"] == "2")
            #expect(fields["expired_keys"] == "1")
            #expect(fields["total_commands_processed"] == "6")
            #expect(fields["total_error_replies"] == "1")
            #expect(try await db.execute("CONFIG", "RESETSTAT") == .ok)
            fields = try await db.infoFields("stats")
            #expect(fields["keyspace_hits"] == "0")
            #expect(fields["keyspace_misses"] == "0")
            #expect(fields["expired_keys"] == "0")
            #expect(fields["total_error_replies"] == "0")
            #expect(fields["total_connections_received"] == "0")
            // Only CONFIG RESETSTAT itself was counted since.
            #expect(fields["total_commands_processed"] == "1")
            #expect(try await db.infoFields("errorstats").isEmpty)
            #expect(try await db.infoFields("persistence")["rdb_changes_since_last_save"] == "2")
        }
    }

    @Test("commandstats and errorstats use Redis's formats, with | for subcommands")
    func commandstats() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("SET", "k", "w") == .ok)
            #expect(try await db.execute("GET", "k", "extra").isError)
            #expect(try await db.execute("CONFIG", "GET", "hz") == .array([.bulk("hz"), .bulk("10")]))
            #expect(try await db.execute("CONFIG", "SET", "nosuch", "1").isError)
            let fields = try await db.infoFields("commandstats")
            let set = try #require(fields["cmdstat_set"])
            #expect(set.hasPrefix("calls=2,usec="))
            #expect(set.hasSuffix(",rejected_calls=0,failed_calls=0"))
            #expect(set.contains(",usec_per_call="))
            #expect(fields["cmdstat_get"]?.hasPrefix("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,") == true)
            #expect(fields["cmdstat_config|get"]?.hasPrefix("calls=1,") == true)
            #expect(fields["cmdstat_config|set"]?.hasSuffix("rejected_calls=0,failed_calls=1") == true)
            #expect(try await db.infoFields("errorstats") == ["errorstat_ERR": "count=2"])
        }
    }

    @Test("instantaneous_ops_per_sec is sampled every 100 ms")
    func opsPerSecond() async throws {
        try await withDatabase { db async throws in
            // The first sample (100 ms after start) only sets the baseline, as in Redis.
            try await Task.sleep(for: .milliseconds(150))
            for index in 0..<500 { _ = try await db.execute("SET", "k\(index)", "v") }
            try await Task.sleep(for: .milliseconds(350))
            let ops = try #require(try await db.infoFields("stats")["instantaneous_ops_per_sec"].flatMap { Int($0) })
            #expect(ops > 0)
        }
    }
}

@Suite("CONFIG")
struct ConfigCommandTests {
    @Test("CONFIG GET answers exact names as typed, globs once each, RESP3 as a map")
    func get() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "GET", "maxmemory") == .array([.bulk("maxmemory"), .bulk("0")]))
            #expect(try await db.execute("CONFIG", "GET", "MaxMemory") == .array([.bulk("MaxMemory"), .bulk("0")]))
            #expect(try await db.execute("CONFIG", "GET", "nosuch") == .array([]))
            #expect(Set(try await db.configGet("max*").keys) == [
                "maxclients", "maxmemory", "maxmemory-clients", "maxmemory-eviction-tenacity", "maxmemory-policy",
                "maxmemory-samples"])
            guard case .array(let both) = try await db.execute("CONFIG", "GET", "maxmemory", "max*", "MAXMEMORY") else {
                Issue.record("not an array")
                return
            }
            #expect(both.count == 12)
            #expect(try await db.configGet("slowlog-*", "hz", "hz") == [
                "slowlog-log-slower-than": "10000", "slowlog-max-len": "128", "hz": "10"])
            #expect(try await db.configGet("*").count > 100)
            #expect(try await db.configGet("lua-time-limit") == ["lua-time-limit": "5000"])
            #expect(try await db.execute(resp: .v3, "CONFIG", "GET", "hz") == .map([.bulk("hz"), .bulk("10")]))
            #expect(try await db.configGet("dir")["dir"] == Configuration.workingDirectory())
            #expect(try await db.execute("CONFIG", "GET") == .error("ERR wrong number of arguments for 'config|get' command"))
        }
    }

    @Test("CONFIG SET changes several parameters at once, all or nothing")
    func setMany() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "slowlog-max-len", "200", "timeout", "300") == .ok)
            #expect(try await db.configGet("slowlog-max-len", "timeout") == ["slowlog-max-len": "200", "timeout": "300"])
            #expect(try await db.execute("CONFIG", "SET", "hz", "20", "maxmemory", "abc") == .error(
                "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"))
            #expect(try await db.configGet("hz") == ["hz": "10"])
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "1mb") == .ok)
            #expect(try await db.configGet("maxmemory") == ["maxmemory": "1048576"])
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "2k") == .ok)
            #expect(try await db.configGet("maxmemory") == ["maxmemory": "2000"])
            #expect(try await db.infoFields("memory")["maxmemory_human"] == "1.95K")
            #expect(try await db.execute("CONFIG", "SET", "hz", "0") == .ok)
            #expect(try await db.configGet("hz") == ["hz": "1"])
            #expect(try await db.execute("CONFIG", "SET", "hz", "600") == .ok)
            #expect(try await db.infoFields("server")["hz"] == "500")
            #expect(try await db.execute("CONFIG", "SET", "save", "100 5 60 1000") == .ok)
            #expect(try await db.configGet("save") == ["save": "100 5 60 1000"])
            #expect(try await db.execute("CONFIG", "SET", "appendonly", "no", "maxmemory-policy", "NoEviction") == .ok)
        }
    }

    @Test("CONFIG SET errors are Redis 7.0's")
    func setErrors() async throws {
        try await withDatabase { db async throws in
            func failed(_ name: String, _ reason: String) -> RESPValue {
                .error("ERR CONFIG SET failed (possibly related to argument '\(name)') - \(reason)")
            }
            #expect(try await db.execute("CONFIG", "SET", "nosuch", "1")
                == .error("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"))
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "1", "maxmemory", "2")
                == failed("maxmemory", "duplicate parameter"))
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "1", "MAXMEMORY", "2")
                == failed("MAXMEMORY", "duplicate parameter"))
            #expect(try await db.execute("CONFIG", "SET", "hz", "20", "timeout") == .error("ERR syntax error"))
            #expect(try await db.execute("CONFIG", "SET", "hz")
                == .error("ERR wrong number of arguments for 'config|set' command"))
            #expect(try await db.execute("CONFIG", "SET", "databases", "32") == failed("databases", "can't set immutable config"))
            #expect(try await db.execute("CONFIG", "SET", "port", "abc")
                == failed("port", "argument couldn't be parsed into an integer"))
            #expect(try await db.execute("CONFIG", "SET", "dir", "/tmp") == failed("dir", "can't set protected config"))
            #expect(try await db.execute("CONFIG", "SET", "appendonly", "maybe")
                == failed("appendonly", "argument must be 'yes' or 'no'"))
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "-1") == failed("maxmemory", "argument must be a memory value"))
            #expect(try await db.execute("CONFIG", "SET", "maxmemory-policy", "bogus") == failed("maxmemory-policy",
                "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, "
                    + "allkeys-lru, allkeys-lfu, allkeys-random, noeviction"))
            #expect(try await db.execute("CONFIG", "SET", "save", "10 x") == failed("save", "Invalid save parameters"))
            #expect(try await db.execute("CONFIG", "SET", "lua-time-limit", "x")
                == failed("lua-time-limit", "argument couldn't be parsed into an integer"))
            #expect(try await db.execute("CONFIG", "SET", "notify-keyspace-events", "Q")
                == failed("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."))
        }
    }

    @Test("values nothing would act on yet are refused, not stored")
    func refusedValues() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "appendonly", "yes") == .error(
                "ERR CONFIG SET failed (possibly related to argument 'appendonly') - appendonly yes is not supported yet: Tessera has no AOF"))
            #expect(try await db.execute("CONFIG", "SET", "maxmemory-policy", "allkeys-lru").isError)
            #expect(try await db.execute("CONFIG", "SET", "notify-keyspace-events", "KEA").isError)
            #expect(try await db.configGet("appendonly", "maxmemory-policy", "notify-keyspace-events") == [
                "appendonly": "no", "maxmemory-policy": "noeviction", "notify-keyspace-events": ""])
        }
    }

    @Test("protected parameters need enable-protected-configs (local: loopback clients)")
    func protectedParameters() async throws {
        try await withServerDatabase(["enable-protected-configs": "local"]) { db async throws in
            let cwd = try #require(Configuration.workingDirectory())
            #expect(try await db.execute(address: "10.0.0.1:5000", "CONFIG", "SET", "dbfilename", "x.rdb").isError)
            #expect(try await db.execute(address: "127.0.0.1:5000", "CONFIG", "SET", "dbfilename", "x.rdb") == .ok)
            #expect(try await db.execute("CONFIG", "SET", "dbfilename", "a/b.rdb") == .error(
                "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename"))
            #expect(try await db.execute("CONFIG", "SET", "dir", "/nonexistent-dir") == .error(
                "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory"))
            #expect(try await db.execute("CONFIG", "SET", "dir", cwd) == .ok)
        }
    }

    @Test("slowlog and latency thresholds set by CONFIG SET take effect")
    func thresholdsTakeEffect() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "slowlog-log-slower-than", "0") == .ok)
            #expect(try await db.execute("SLOWLOG", "RESET") == .ok)
            #expect(try await db.execute("PING") == .simpleString("PONG"))
            #expect(try await db.execute("SLOWLOG", "LEN") == .integer(2))
            #expect(try await db.execute("CONFIG", "SET", "slowlog-log-slower-than", "-1") == .ok)
            #expect(try await db.execute("PING") == .simpleString("PONG"))
            #expect(try await db.execute("SLOWLOG", "LEN") == .integer(3))
            #expect(try await db.execute("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "2") == .ok)
            #expect(try await db.execute("SLOWLOG", "LEN") == .integer(2))
        }
    }

    @Test("above maxmemory, commands that may add data are refused (noeviction)")
    func maxmemory() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "1") == .ok)
            #expect(try await db.execute("SET", "k", "w")
                == .error("OOM command not allowed when used memory > 'maxmemory'."))
            #expect(try await db.execute("GET", "k") == .bulk("v"))
            #expect(try await db.execute("DEL", "k") == .integer(1))
            #expect(try await db.infoFields("errorstats") == ["errorstat_OOM": "count=1"])
            #expect(try await db.infoFields("commandstats")["cmdstat_set"]?.contains("rejected_calls=1") == true)
            #expect(try await db.execute("CONFIG", "SET", "maxmemory", "0") == .ok)
            #expect(try await db.execute("SET", "k", "w") == .ok)
        }
    }

    @Test("CONFIG REWRITE needs the file the server started with, and rewrites it")
    func rewrite() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "REWRITE") == .error("ERR The server is running without a config file"))
            let path = "/tmp/tessera-rewrite-\(getpid()).conf"
            defer { unlink(path) }
            try ConfigFile.replaceFile(path, with: "# mine\nhz 10\nunknown-thing 1\n")
            db.engine.configuration.file = path
            #expect(try await db.execute("CONFIG", "SET", "hz", "25", "maxmemory", "10mb") == .ok)
            #expect(try await db.execute("CONFIG", "REWRITE") == .ok)
            let text = try #require(try ConfigFile.readFile(path))
            #expect(text.hasPrefix("# mine\nhz 25\n# ??? unknown-thing 1\n# Generated by CONFIG REWRITE\n"))
            #expect(text.contains("\nmaxmemory 10mb\n"))
            #expect(text.contains("\nshards 2\n"))
        }
    }

    @Test("CONFIG HELP and unknown subcommands")
    func help() async throws {
        try await withDatabase { db async throws in
            guard case .array(let lines) = try await db.execute("config", "help") else {
                Issue.record("not an array")
                return
            }
            #expect(lines.first == .simpleString("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
            #expect(lines.last == .simpleString("    Prints this help."))
            #expect(lines.count == 11)
            #expect(try await db.execute("CONFIG", "FOO") == .error("ERR unknown subcommand 'FOO'. Try CONFIG HELP."))
            #expect(try await db.execute("CONFIG") == .error("ERR wrong number of arguments for 'config' command"))
        }
    }
}

@Suite("COMMAND")
struct CommandCommandTests {
    static let getInfo = decoded(
        "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
            + "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
            + "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
            + "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n")

    @Test("COMMAND INFO get is Redis 7.0.15's row, byte for byte")
    func infoGet() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("COMMAND", "INFO", "get") == .array([Self.getInfo]))
            #expect(try await db.execute("COMMAND", "INFO", "GET", "nosuch") == .array([Self.getInfo, .null]))
            #expect(try await db.execute("COMMAND", "INFO", "config|get") == decoded(
                "*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n"
                    + "+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n"))
        }
    }

    @Test("COMMAND INFO in RESP3 uses sets and maps")
    func infoResp3() async throws {
        try await withDatabase { db async throws in
            guard case .array(let rows) = try await db.execute(resp: .v3, "COMMAND", "INFO", "get"),
                  case .array(let row) = rows.first else {
                Issue.record("not an array")
                return
            }
            #expect(row[2] == .set([.simpleString("readonly"), .simpleString("fast")]))
            guard case .set(let specs) = row[8], case .map? = specs.first else {
                Issue.record("key specs are not maps: \(row[8])")
                return
            }
        }
    }

    @Test("COMMAND, COUNT and LIST agree; LIST adds subcommands and filters")
    func countAndList() async throws {
        try await withDatabase { db async throws in
            let count = try #require(try await db.execute("COMMAND", "COUNT").integerValue)
            guard case .array(let rows) = try await db.execute("COMMAND"),
                  case .array(let names) = try await db.execute("COMMAND", "LIST") else {
                Issue.record("not arrays")
                return
            }
            #expect(rows.count == Int(count))
            let strings = names.compactMap(\.string)
            #expect(strings.filter { !$0.contains("|") }.count == Int(count))
            #expect(Set(["config|get", "command|count", "slowlog|get", "info", "debug", "time"]).isSubset(of: strings))
            #expect(try await db.execute("COMMAND", "LIST", "FILTERBY", "PATTERN", "config|*") == .array([
                .bulk("config|get"), .bulk("config|set"), .bulk("config|resetstat"), .bulk("config|rewrite"),
                .bulk("config|help")]))
            guard case .array(let admin) = try await db.execute("COMMAND", "LIST", "FILTERBY", "ACLCAT", "admin") else {
                Issue.record("not an array")
                return
            }
            #expect(admin.contains(.bulk("debug")) && admin.contains(.bulk("config|set")) && !admin.contains(.bulk("get")))
            #expect(try await db.execute("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch") == .array([]))
            #expect(try await db.execute("COMMAND", "LIST", "FILTERBY", "MODULE", "x") == .array([]))
            #expect(try await db.execute("COMMAND", "LIST", "FILTERBY", "FOO", "bar") == .error("ERR syntax error"))
            #expect(try await db.execute("COMMAND", "LIST", "FILTERBY", "PATTERN") == .error("ERR syntax error"))
        }
    }

    @Test("COMMAND DOCS is Redis's documentation, with the subcommands Tessera has")
    func docs() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("COMMAND", "DOCS", "get") == decoded(
                "*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n"
                    + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n"
                    + "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n"
                    + "$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"))
            #expect(try await db.execute("COMMAND", "DOCS", "nosuch") == .array([]))
            guard case .map(let docs) = try await db.execute(resp: .v3, "COMMAND", "DOCS", "slowlog"),
                  case .map(let fields) = docs[1],
                  let index = fields.firstIndex(of: .bulk("subcommands")), case .map(let subs) = fields[index + 1] else {
                Issue.record("no subcommands map")
                return
            }
            #expect(subs.count == 8)
            #expect(subs.contains(.bulk("slowlog|get")))
        }
    }

    @Test("COMMAND GETKEYS and GETKEYSANDFLAGS")
    func getkeys() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("COMMAND", "GETKEYS", "get", "a") == .array([.bulk("a")]))
            #expect(try await db.execute("COMMAND", "GETKEYS", "mset", "a", "1", "b", "2") == .array([.bulk("a"), .bulk("b")]))
            #expect(try await db.execute("COMMAND", "GETKEYS", "del", "a", "b") == .array([.bulk("a"), .bulk("b")]))
            #expect(try await db.execute("COMMAND", "GETKEYS", "ping")
                == .error("ERR wrong number of arguments for 'command|getkeys' command"))
            #expect(try await db.execute("COMMAND", "GETKEYS", "nosuch", "a") == .error("ERR Invalid command specified"))
            #expect(try await db.execute("COMMAND", "GETKEYS", "config", "x") == .error("ERR Invalid command specified"))
            #expect(try await db.execute("COMMAND", "GETKEYS", "config", "get", "x")
                == .error("ERR The command has no key arguments"))
            #expect(try await db.execute("COMMAND", "GETKEYS", "set", "a")
                == .error("ERR Invalid number of arguments specified for command"))
            #expect(try await db.execute("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b")
                == .array([.array([.bulk("a"), .array([.simpleString("OW"), .simpleString("update")])])]))
            #expect(try await db.execute("COMMAND", "GETKEYSANDFLAGS", "mget", "a", "b") == .array([
                .array([.bulk("a"), .array([.simpleString("RO"), .simpleString("access")])]),
                .array([.bulk("b"), .array([.simpleString("RO"), .simpleString("access")])])]))
        }
    }

    @Test("implied ACL categories follow Redis's rules and order")
    func categories() {
        let table = CommandTable.standard
        #expect(CommandCommand.aclCategories(CommandCommand.lookup("get", in: table)!) == ["read", "string", "fast"])
        #expect(CommandCommand.aclCategories(CommandCommand.lookup("config|set", in: table)!) == ["admin", "slow", "dangerous"])
        #expect(CommandCommand.aclCategories(CommandCommand.lookup("command", in: table)!) == ["slow", "connection"])
        #expect(CommandCommand.aclCategories(CommandCommand.lookup("info", in: table)!) == ["slow", "dangerous"])
    }

    @Test("COMMAND HELP")
    func help() async throws {
        try await withDatabase { db async throws in
            guard case .array(let lines) = try await db.execute("COMMAND", "HELP") else {
                Issue.record("not an array")
                return
            }
            #expect(lines.count == 21)
            #expect(lines[1] == .simpleString("(no subcommand)"))
        }
    }
}

@Suite("RESP3 wire format")
struct Resp3WireTests {
    @Test("CONFIG GET is a map, INFO a verbatim string, TIME a plain array")
    func shapes() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.wire(resp: .v3, "CONFIG", "GET", "maxmemory") == "%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n")
            #expect(try await db.wire(resp: .v3, "CONFIG", "GET", "nosuch") == "%0\r\n")
            #expect(try await db.wire(resp: .v3, "INFO", "keyspace") == "=16\r\ntxt:# Keyspace\r\n\r\n")
            #expect(try await db.wire(resp: .v3, "SET", "a", "1") == "+OK\r\n")
            #expect(try await db.wire(resp: .v3, "INFO", "keyspace")
                == "=48\r\ntxt:# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n")
            #expect(try await db.wire(resp: .v3, "TIME").hasPrefix("*2\r\n$"))
        }
    }

    @Test("COMMAND INFO and DOCS of mset are Redis 7.0.15's RESP3 bytes")
    func commandReference() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.wire(resp: .v3, "COMMAND", "INFO", "mset") == """
                *1\r\n*10\r\n$4\r\nmset\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:2\r\n~3\r\n+@write\r\n\
                +@string\r\n+@slow\r\n~2\r\n$26\r\nrequest_policy:multi_shard\r\n$29\r\nresponse_policy:all_succeeded\r\n\
                ~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n\
                $5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n\
                $5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n$5\r\nlimit\r\n\
                :0\r\n~0\r\n
                """)
            #expect(try await db.wire(resp: .v3, "COMMAND", "DOCS", "mset") == """
                %1\r\n$4\r\nmset\r\n%5\r\n$7\r\nsummary\r\n$36\r\nSet multiple keys to multiple values\r\n\
                $5\r\nsince\r\n$5\r\n1.0.1\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$42\r\n\
                O(N) where N is the number of keys to set.\r\n$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n\
                $9\r\nkey_value\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n\
                $9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n\
                $14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\nstring\r\n
                """)
        }
    }
}

@Suite("TIME, SLOWLOG, LATENCY, SHUTDOWN")
struct ServerCommandsTests {
    @Test("TIME returns seconds and microseconds as bulk strings")
    func time() async throws {
        try await withDatabase { db async throws in
            guard case .array(let parts) = try await db.execute("TIME"), parts.count == 2,
                  let seconds = parts[0].string.flatMap({ Int64($0) }), let micros = parts[1].string.flatMap({ Int64($0) }) else {
                Issue.record("not two integers")
                return
            }
            #expect(micros >= 0 && micros < 1_000_000)
            #expect(abs(seconds * 1_000_000 + micros - Clock.microseconds()) < 5_000_000)
            #expect(try await db.execute("TIME", "x") == .error("ERR wrong number of arguments for 'time' command"))
        }
    }

    @Test("SLOWLOG records commands over the threshold, newest first, with their client")
    func slowlog() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "slowlog-log-slower-than", "0") == .ok)
            #expect(try await db.execute("SLOWLOG", "RESET") == .ok)
            // Keys on both shards: remote execution keeps the client's address too.
            for key in ["a", "b", "c", "d"] { #expect(try await db.execute("SET", key, "v") == .ok) }
            #expect(try await db.execute("SET", "k", String(repeating: "x", count: 200)) == .ok)
            guard case .array(let entries) = try await db.execute("SLOWLOG", "GET", "6") else {
                Issue.record("not an array")
                return
            }
            #expect(entries.count == 6)
            guard case .array(let newest) = entries[0], newest.count == 6, case .array(let arguments) = newest[3] else {
                Issue.record("bad entry")
                return
            }
            #expect(arguments == [.bulk("SET"), .bulk("k"), .bulk(String(repeating: "x", count: 128) + "... (72 more bytes)")])
            #expect(newest[4] == .bulk("embedded"))
            for entry in entries {
                guard case .array(let fields) = entry else { continue }
                #expect(fields[4] == .bulk("embedded"))
            }
            let ids = entries.compactMap { entry -> Int64? in
                guard case .array(let fields) = entry else { return nil }
                return fields[0].integerValue
            }
            #expect(ids == ids.sorted(by: >))
            #expect(try await db.execute("SLOWLOG", "GET", "0") == .array([]))
            guard case .array(let ten) = try await db.execute("SLOWLOG", "GET") else { return }
            #expect(ten.count <= 10)
            guard case .array(let all) = try await db.execute("SLOWLOG", "GET", "-1") else { return }
            #expect(all.count >= 8)
        }
    }

    @Test("SLOWLOG keeps 32 arguments and hides passwords")
    func slowlogTruncationAndRedaction() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "slowlog-log-slower-than", "0") == .ok)
            #expect(try await db.execute("SLOWLOG", "RESET") == .ok)
            _ = try await db.execute((["DEL"] + (0..<40).map { "k\($0)" }).map { Array($0.utf8) })
            _ = try await db.execute("CONFIG", "SET", "requirepass", "", "timeout", "0")
            guard case .array(let entries) = try await db.execute("SLOWLOG", "GET", "2"),
                  case .array(let config) = entries[0], case .array(let del) = entries[1],
                  case .array(let configArguments) = config[3], case .array(let delArguments) = del[3] else {
                Issue.record("bad entries")
                return
            }
            #expect(configArguments == [.bulk("CONFIG"), .bulk("SET"), .bulk("requirepass"), .bulk("(redacted)"),
                                        .bulk("timeout"), .bulk("0")])
            #expect(delArguments.count == 32)
            #expect(delArguments[31] == .bulk("... (10 more arguments)"))
        }
    }

    @Test("SLOWLOG errors and HELP")
    func slowlogErrors() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SLOWLOG", "GET", "x") == .error("ERR count should be greater than or equal to -1"))
            #expect(try await db.execute("SLOWLOG", "GET", "-2") == .error("ERR count should be greater than or equal to -1"))
            #expect(try await db.execute("SLOWLOG", "get", "1", "2")
                == .error("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP."))
            #expect(try await db.execute("SLOWLOG", "LEN", "x") == .error("ERR wrong number of arguments for 'slowlog|len' command"))
            #expect(try await db.execute("SLOWLOG") == .error("ERR wrong number of arguments for 'slowlog' command"))
            #expect(try await db.execute("SLOWLOG", "foo") == .error("ERR unknown subcommand 'foo'. Try SLOWLOG HELP."))
            guard case .array(let help) = try await db.execute("slowlog", "help") else { return }
            #expect(help.first == .simpleString("SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
        }
    }

    @Test("LATENCY records nothing at threshold 0, the command event above it")
    func latency() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "SLEEP", "0.03") == .ok)
            #expect(try await db.execute("LATENCY", "LATEST") == .array([]))
            #expect(try await db.execute("CONFIG", "SET", "latency-monitor-threshold", "10") == .ok)
            #expect(try await db.execute("PING") == .simpleString("PONG"))
            #expect(try await db.execute("DEBUG", "SLEEP", "0.03") == .ok)
            guard case .array(let latest) = try await db.execute("LATENCY", "LATEST"), latest.count == 1,
                  case .array(let event) = latest[0] else {
                Issue.record("no event")
                return
            }
            #expect(event[0] == .bulk("command"))
            #expect((event[2].integerValue ?? 0) >= 30)
            #expect(event[3] == event[2])
            guard case .array(let history) = try await db.execute("LATENCY", "HISTORY", "command") else { return }
            #expect(history.count == 1)
            #expect(try await db.execute("LATENCY", "HISTORY", "nosuch") == .array([]))
            #expect(try await db.execute("LATENCY", "RESET", "nosuch") == .integer(0))
            #expect(try await db.execute("LATENCY", "RESET") == .integer(1))
            #expect(try await db.execute("LATENCY", "LATEST") == .array([]))
            #expect(try await db.execute("LATENCY", "DOCTOR") == .error("ERR unknown subcommand 'DOCTOR'. Try LATENCY HELP."))
        }
    }

    @Test("the latency monitor keeps one sample per second, the worst, and the maximum")
    func latencyMonitor() {
        let monitor = LatencyMonitor()
        monitor.addSample("command", milliseconds: 10, now: 100)
        monitor.addSample("command", milliseconds: 30, now: 100)
        monitor.addSample("command", milliseconds: 20, now: 100)
        monitor.addSample("command", milliseconds: 5, now: 101)
        #expect(monitor.history("command") == [.init(time: 100, milliseconds: 30), .init(time: 101, milliseconds: 5)])
        let latest = monitor.latest()
        #expect(latest.count == 1 && latest[0].milliseconds == 5 && latest[0].maxMilliseconds == 30)
        for second in 0..<200 { monitor.addSample("command", milliseconds: second, now: 1000 + Int64(second)) }
        let history = monitor.history("command")
        #expect(history.count == 160)
        #expect(history.first?.time == 1040 && history.last?.time == 1199)
    }

    @Test("SHUTDOWN syntax, ABORT, and refusal without a handler")
    func shutdownRefused() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SHUTDOWN", "NOSAVE", "SAVE") == .error("ERR syntax error"))
            #expect(try await db.execute("SHUTDOWN", "ABORT", "NOW") == .error("ERR syntax error"))
            #expect(try await db.execute("SHUTDOWN", "foo") == .error("ERR syntax error"))
            #expect(try await db.execute("SHUTDOWN", "ABORT") == .error("ERR No shutdown in progress."))
            #expect(try await db.execute("SHUTDOWN", "NOSAVE") == .error("ERR Errors trying to SHUTDOWN. Check logs."))
        }
    }

    @Test("SHUTDOWN saves when asked or when save points are set, refuses when that save fails, then calls the handler")
    func shutdownHandler() async throws {
        try await inTemporaryDirectory { directory in
            try await withDatabase { db async throws in
                let calls = Recorder<Engine.ShutdownRequest>()
                db.engine.shutdownHandler = { request in
                    calls.append(request)
                    return nil
                }
                let dump = directory + "/dump.rdb"
                #expect(try await db.execute("SHUTDOWN") == .ok)
                #expect(!fileExists(dump))
                #expect(try await db.execute("SHUTDOWN", "SAVE") == .ok)
                #expect(fileExists(dump))
                #expect(try await db.execute("CONFIG", "SET", "save", "3600 1") == .ok)
                // A final save that fails (a directory is in the way) refuses, unless FORCE.
                unlink(dump)
                mkdir(dump, 0o755)
                mkdir(dump + "/in-the-way", 0o755)
                #expect(try await db.execute("SHUTDOWN") == .error("ERR Errors trying to SHUTDOWN. Check logs."))
                #expect(try await db.execute("SHUTDOWN", "NOW", "NOSAVE") == .ok)
                #expect(try await db.execute("SHUTDOWN", "FORCE") == .ok)
                #expect(calls.values.map { [$0.now, $0.force] } == [[false, false], [false, false], [true, false], [false, true]])
                db.engine.shutdownHandler = { _ in "ERR refused by the host" }
                #expect(try await db.execute("SHUTDOWN", "NOSAVE") == .error("ERR refused by the host"))
            }
        }
    }
}

@Suite("DEBUG")
struct DebugCommandTests {
    @Test("DEBUG is refused unless enable-debug-command allows the client")
    func gate() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("DEBUG", "SLEEP", "0") == .error(
                "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it "
                    + "from a local connection, otherwise you need to set this option in the configuration file, and then "
                    + "restart the server."))
            #expect(try await db.execute("DEBUG") == .error("ERR wrong number of arguments for 'debug' command"))
        }
        try await withServerDatabase(["enable-debug-command": "local"]) { db async throws in
            #expect(try await db.execute("DEBUG", "SLEEP", "0") == .ok)
            #expect(try await db.execute(address: "127.0.0.1:40000", "DEBUG", "SLEEP", "0") == .ok)
            #expect(try await db.execute(address: "::1:40000", "DEBUG", "SLEEP", "0") == .ok)
            #expect(try await db.execute(address: "192.168.1.2:40000", "DEBUG", "SLEEP", "0").isError)
        }
    }

    @Test("DEBUG POPULATE creates prefix:N keys with value:N values, padded or cut to size")
    func populate() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "POPULATE", "100") == .ok)
            #expect(try await db.execute("DBSIZE") == .integer(100))
            #expect(try await db.execute("GET", "key:42") == .bulk("value:42"))
            #expect(try await db.execute("SET", "p:1", "mine") == .ok)
            #expect(try await db.execute("DEBUG", "POPULATE", "3", "p", "10") == .ok)
            #expect(try await db.execute("GET", "p:1") == .bulk("mine"))
            #expect(try await db.execute("GET", "p:2") == .bulkString(Array("value:2".utf8) + [0, 0, 0]))
            #expect(try await db.execute("DEBUG", "POPULATE", "2", "q", "3") == .ok)
            #expect(try await db.execute("GET", "q:1") == .bulk("val"))
            #expect(try await db.execute("DBSIZE") == .integer(105))
            #expect(try await db.execute("DEBUG", "POPULATE", "-1") == .error("ERR value is out of range, must be positive"))
            #expect(try await db.execute("DEBUG", "POPULATE", "x") == .error("ERR value is out of range, must be positive"))
            #expect(try await db.execute("DEBUG", "POPULATE", "1", "p", "-1")
                == .error("ERR value is out of range, must be positive"))
            #expect(try await db.execute("DEBUG", "POPULATE", "1", "p", "1", "x")
                == .error("ERR unknown subcommand or wrong number of arguments for 'POPULATE'. Try DEBUG HELP."))
        }
    }

    @Test("DEBUG SLEEP stops for the given (fractional) seconds")
    func sleep() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let start = Clock.monotonicMicroseconds()
            #expect(try await db.execute("DEBUG", "SLEEP", "0.2") == .ok)
            #expect(Clock.monotonicMicroseconds() - start >= 195_000)
            #expect(try await db.execute("DEBUG", "SLEEP", "x") == .ok)
            #expect(try await db.execute("DEBUG", "SLEEP")
                == .error("ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP."))
        }
    }

    @Test("DEBUG SET-ACTIVE-EXPIRE 0 leaves expired keys to lazy expiry on every shard")
    func activeExpire() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "SET-ACTIVE-EXPIRE", "0") == .ok)
            for index in 0..<20 { #expect(try await db.execute("SET", "k\(index)", "v", "PX", "20") == .ok) }
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await db.execute("DBSIZE") == .integer(20))
            #expect(try await db.execute("DEBUG", "SET-ACTIVE-EXPIRE", "1") == .ok)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await db.execute("DBSIZE") == .integer(0))
        }
    }

    @Test("DEBUG OBJECT reports Redis 7.0's fields")
    func object() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("SET", "n", "5") == .ok)
            #expect(try await db.execute("SET", "big", "12345678901234") == .ok)
            #expect(try await db.execute("SET", "s", "value:1") == .ok)
            #expect(try await db.execute("SET", "r", String(repeating: "r", count: 50)) == .ok)
            func fields(_ key: String) async throws -> [String: String] {
                let line = try #require(try await db.execute("DEBUG", "OBJECT", key).string)
                #expect(line.hasPrefix("Value at:0x"))
                var result: [String: String] = [:]
                for pair in line.split(separator: " ") {
                    let parts = pair.split(separator: ":", maxSplits: 1)
                    if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
                }
                return result
            }
            let n = try await fields("n")
            #expect(n["encoding"] == "int" && n["serializedlength"] == "2" && n["refcount"] == "1")
            #expect(n["lru_seconds_idle"] == "0" || n["lru_seconds_idle"] == "1")
            let lru = Int64(Clock.lruSeconds() & 0xFF_FFFF)
            #expect(n["lru"] == String(lru) || n["lru"] == String(lru - 1))
            #expect(try await fields("big")["serializedlength"] == "15")
            #expect(try await fields("s")["encoding"] == "embstr")
            #expect(try await fields("s")["serializedlength"] == "8")
            #expect(try await fields("r")["encoding"] == "raw")
            #expect(try await db.execute("DEBUG", "OBJECT", "nosuch") == .error("ERR no such key"))
        }
    }

    @Test("DEBUG PROTOCOL answers each RESP type as Redis does")
    func protocolSamples() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "PROTOCOL", "string") == .bulk("Hello World"))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "integer") == .integer(12345))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "double") == .bulk("3.141"))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "double") == .double(3.141))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "null") == .null)
            #expect(try await db.execute("DEBUG", "PROTOCOL", "map")
                == .array([.integer(0), .integer(0), .integer(1), .integer(1), .integer(2), .integer(0)]))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "map")
                == .map([.integer(0), .boolean(false), .integer(1), .boolean(true), .integer(2), .boolean(false)]))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "set") == .set([.integer(0), .integer(1), .integer(2)]))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "bignum")
                == .bigNumber("1234567999999999999999999999999999999"))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "attrib") == .bulk("Some real reply following the attribute"))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "attrib")
                == .bulk("Some real reply following the attribute"))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "push") == .error("ERR RESP2 is not supported by this command"))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "verbatim")
                == .verbatim(format: "txt", text: Array("This is a verbatim\nstring".utf8)))
            #expect(try await db.execute(resp: .v3, "DEBUG", "PROTOCOL", "true") == .boolean(true))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "false") == .integer(0))
            #expect(try await db.execute("DEBUG", "PROTOCOL", "foo") == .error(
                "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"))
        }
    }

    @Test("DEBUG ERROR, LOG, HELP and unknown subcommands")
    func miscellaneous() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "ERROR", "Boom bang") == .error("Boom bang"))
            #expect(try await db.execute("DEBUG", "LOG", "hello") == .ok)
            #expect(try await db.execute("DEBUG", "SEGFAULTX")
                == .error("ERR unknown subcommand or wrong number of arguments for 'SEGFAULTX'. Try DEBUG HELP."))
            guard case .array(let help) = try await db.execute("DEBUG", "HELP") else { return }
            #expect(help.first == .simpleString("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
            #expect(help.contains(.simpleString("POPULATE <count> [<prefix>] [<size>]")))
            #expect(help.contains(.simpleString("RELOAD [option ...]")))
            if Jemalloc.inProcess == nil {
                #expect(try await db.execute("DEBUG", "MALLCTL", "version").isError)
            }
        }
    }
}

/// Collects values from concurrent callers (observers, handlers).
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}
