#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tessera

@Suite("Configuration and config files")
struct ConfigurationTests {
    // MARK: parsing

    @Test("memory units: k is 1000, kb is 1024, case does not matter")
    func memoryUnits() throws {
        let cases: [(String, String)] = [
            ("1k", "1000"), ("1kb", "1024"), ("5mb", "5242880"), ("2m", "2000000"), ("1gb", "1073741824"),
            ("1GB", "1073741824"), ("3g", "3000000000"), ("100", "100"), ("7b", "7"),
        ]
        for (text, bytes) in cases {
            let configuration = Configuration()
            try configuration.apply("maxmemory \(text)")
            #expect(configuration["maxmemory"] == bytes, "maxmemory \(text)")
        }
    }

    @Test("quoted arguments: double quotes with escapes, single quotes, empty strings")
    func quotes() throws {
        let configuration = Configuration()
        try configuration.apply("""
            requirepass "with space\\tand\\x41\\"quote\\""
            masteruser 'it\\'s'
            logfile ""
            notify-keyspace-events ''
            """)
        #expect(configuration["requirepass"] == "with space\tandA\"quote\"")
        #expect(configuration["masteruser"] == "it's")
        #expect(configuration["logfile"] == "")
    }

    @Test("a bad directive is reported with its line number and text")
    func badDirective() {
        do {
            try Configuration().apply("# comment\nport 7000\n\nnosuchdirective 1 2\n")
            Issue.record("no error")
        } catch {
            #expect(error.line == 4)
            #expect(error.text == "nosuchdirective 1 2")
            #expect(error.reason == "Bad directive or wrong number of arguments")
        }
    }

    @Test("invalid values and unbalanced quotes are reported with Redis's reasons")
    func invalidValues() {
        let cases: [(String, Int, String)] = [
            ("port 1\nmaxmemory lots", 2, "argument must be a memory value"),
            ("hz abc", 1, "argument couldn't be parsed into an integer"),
            ("\n\nappendonly maybe", 3, "argument must be 'yes' or 'no'"),
            ("requirepass \"open", 1, "Unbalanced quotes in configuration line"),
            ("requirepass \"a\"b", 1, "Unbalanced quotes in configuration line"),
            ("loglevel loud", 1, "argument(s) must be one of the following: debug, verbose, notice, warning, nothing"),
            ("save 60", 1, "Invalid save parameters"),
            ("timeout -1", 1, "argument must be between 0 and 2147483647 inclusive"),
            ("appendonly yes", 1, "appendonly yes is not supported yet: Tessera has no AOF"),
        ]
        for (text, line, reason) in cases {
            #expect(throws: ConfigFile.ParseError.self, "\(text)") { try Configuration().apply(text) }
            do {
                try Configuration().apply(text)
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.reason == reason, "\(text)")
            }
        }
    }

    @Test("save lines accumulate, save \"\" clears the save points")
    func saveLines() throws {
        let configuration = Configuration()
        #expect(configuration["save"] == "3600 1 300 100 60 10000")
        try configuration.apply("save 900 1\nsave 300 10\n")
        #expect(configuration["save"] == "900 1 300 10")
        try configuration.apply("save \"\"")
        #expect(configuration["save"] == "")
    }

    @Test("aliases set the canonical directive")
    func aliases() throws {
        let configuration = Configuration()
        try configuration.apply("hash-max-ziplist-entries 99\nslave-read-only no\nlua-time-limit 100")
        #expect(configuration["hash-max-listpack-entries"] == "99")
        #expect(configuration["replica-read-only"] == "no")
        #expect(configuration["busy-reply-threshold"] == "100")
    }

    @Test("the command line becomes config lines, as redis-server builds them")
    func commandLine() throws {
        let (file, text) = ConfigFile.text(fromCommandLine: ["/etc/t.conf", "--port", "7000", "--save", "", "--hz", "20"])
        #expect(file == "/etc/t.conf")
        let configuration = Configuration()
        try configuration.apply(text)
        #expect(configuration["port"] == "7000")
        #expect(configuration["save"] == "")
        #expect(configuration["hz"] == "20")
    }

    // MARK: values

    @Test("Redis 7.0's defaults for the directives clients read")
    func defaults() {
        let configuration = Configuration()
        let expected: [String: String] = [
            "appendfsync": "everysec", "appendonly": "no", "hash-max-listpack-entries": "512",
            "hash-max-listpack-value": "64", "set-max-intset-entries": "512", "zset-max-listpack-entries": "128",
            "zset-max-listpack-value": "64", "list-max-listpack-size": "-2", "list-compress-depth": "0",
            "repl-backlog-size": "1048576", "notify-keyspace-events": "", "lua-time-limit": "5000",
            "maxmemory": "0", "maxmemory-policy": "noeviction", "databases": "16", "hz": "10",
            "slowlog-log-slower-than": "10000", "slowlog-max-len": "128", "latency-monitor-threshold": "0",
        ]
        for (name, value) in expected { #expect(configuration[name] == value, "\(name)") }
    }

    @Test("hz is clamped to 1...500 as Redis's updateHZ does")
    func hzClamp() throws {
        let configuration = Configuration()
        try configuration.set("hz", "0")
        #expect(configuration["hz"] == "1")
        try configuration.set("hz", "100000")
        #expect(configuration["hz"] == "500")
    }

    @Test("setting several directives is all or nothing, and observers hear only applied changes")
    func atomicSet() throws {
        let configuration = Configuration()
        let heard = Recorder<String>()
        configuration.onChange { name, value in heard.append("\(name)=\(value)") }
        let hz = configuration.parameters["hz"]!, maxmemory = configuration.parameters["maxmemory"]!
        #expect(throws: Configuration.AssignmentError.self) { try configuration.set([(hz, "20"), (maxmemory, "abc")]) }
        #expect(configuration["hz"] == "10")
        #expect(heard.values.isEmpty)
        try configuration.set([(hz, "20"), (maxmemory, "1mb")])
        #expect(configuration["hz"] == "20")
        #expect(configuration["maxmemory"] == "1048576")
        #expect(heard.values == ["hz=20", "maxmemory=1048576"])
    }

    @Test("runtime sets refuse immutable directives")
    func immutable() {
        #expect(throws: ConfigError.immutable("databases")) { try Configuration().set("databases", "4", runtime: true) }
    }

    @Test("glob matching covers aliases and is case-insensitive")
    func matching() {
        let names = Configuration().matching("HASH-MAX-*").map(\.0)
        #expect(Set(names) == ["hash-max-listpack-entries", "hash-max-ziplist-entries", "hash-max-listpack-value",
                               "hash-max-ziplist-value"])
        #expect(Configuration().matching("*").count > 100)
    }

    // MARK: CONFIG REWRITE

    @Test("rewrite keeps comments and order, replaces in place, drops duplicates, appends changes")
    func rewrite() throws {
        let configuration = Configuration()
        let old = """
            # Tessera config
            port 7000

            # memory
            maxmemory 1mb
            maxmemory 2mb
            hash-max-ziplist-entries 100
            save 900 1
            """
        try configuration.apply(old)
        try configuration.set("maxmemory", "3gb")
        try configuration.set("requirepass", "s3cr\"t")
        try configuration.set("slowlog-max-len", "64")
        let text = ConfigFile.rewrite(old, with: configuration)
        let cwd = Configuration.workingDirectory()!
        #expect(text == """
            # Tessera config
            port 7000

            # memory
            maxmemory 3gb

            hash-max-listpack-entries 100
            save 900 1
            # Generated by CONFIG REWRITE
            dir "\(cwd)"
            requirepass "s3cr\\"t"
            slowlog-max-len 64

            """)
        // Rewriting the result again changes nothing.
        let again = Configuration()
        try again.apply(text)
        #expect(ConfigFile.rewrite(text, with: again) == text)
    }

    @Test("rewrite writes save \"\", save points one per line, and comments out unknown lines")
    func rewriteSaveAndUnknown() throws {
        let configuration = Configuration()
        try configuration.set("save", "")
        #expect(ConfigFile.rewrite("bogus line\n", with: configuration).hasPrefix("# ??? bogus line\n# Generated by CONFIG REWRITE\n"))
        #expect(ConfigFile.rewrite(nil, with: configuration).contains("\nsave \"\"\n"))
        try configuration.set("save", "60 5 10 100")
        let text = ConfigFile.rewrite("save 1 1\n", with: configuration)
        #expect(text.hasPrefix("save 60 5\n# Generated by CONFIG REWRITE\n"))
        #expect(text.contains("\nsave 10 100\n"))
    }

    @Test("memory values are written with the largest exact unit, strings quoted like sdscatrepr")
    func rewriteFormats() {
        #expect(ConfigFile.formatMemory(0) == "0")
        #expect(ConfigFile.formatMemory(1024) == "1kb")
        #expect(ConfigFile.formatMemory(1_048_576) == "1mb")
        #expect(ConfigFile.formatMemory(3 << 30) == "3gb")
        #expect(ConfigFile.formatMemory(1000) == "1000")
        #expect(ConfigFile.repr("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\x01\"")
    }

    @Test("a rewritten file replaces the old one atomically, with its permissions")
    func rewriteFile() throws {
        let path = "/tmp/tessera-config-test-\(getpid()).conf"
        defer { unlink(path) }
        try ConfigFile.replaceFile(path, with: "port 1\n")
        chmod(path, 0o600)
        try ConfigFile.replaceFile(path, with: "port 2\n")
        #expect(try ConfigFile.readFile(path) == "port 2\n")
        var status = stat()
        stat(path, &status)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(try ConfigFile.readFile("/nonexistent/tessera.conf") == nil)
    }
}

