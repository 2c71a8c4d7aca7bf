#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Logging
import Synchronization
import Tessera
import TesseraServer

/// `tessera-server [/path/to/tessera.conf] [--name value ...]`, as redis-server.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "-h" || arguments.first == "--help" {
    print("Usage: tessera-server [/path/to/tessera.conf] [options]\n       tessera-server -v or --version\n\nExamples:\n       tessera-server (run the server with default config)\n       tessera-server /etc/tessera/6379.conf\n       tessera-server --port 7777 --shards 4\n       tessera-server /etc/mytessera.conf --loglevel verbose")
    exit(0)
}
if arguments.first == "-v" || arguments.first == "--version" {
    print("Tessera server v=\(TesseraVersion.current) redis_compat=\(TesseraVersion.redisCompatible) bits=64")
    exit(0)
}

let configuration = Configuration()
let commandLine = ConfigFile.text(fromCommandLine: arguments)
func fatalConfig(_ error: ConfigFile.ParseError, file: String?) -> Never {
    let source = file.map { "configuration file '\($0)'" } ?? "command line"
    printError("\n*** FATAL CONFIG FILE ERROR (Tessera \(TesseraVersion.current)) ***\nReading the \(source), at line \(error.line)\n>>> '\(error.text)'\n\(error.reason)")
    exit(1)
}
if let file = commandLine.file {
    guard let text = try? readTextFile(file) else {
        printError("Fatal error, can't open config file '\(file)': No such file or directory")
        exit(1)
    }
    do { try configuration.apply(text) } catch { fatalConfig(error, file: file) }
    // CONFIG REWRITE needs the file after the chdir to `dir` below (Redis keeps an absolute path).
    configuration.file = absolutePath(file)
}
do { try configuration.apply(commandLine.text) } catch { fatalConfig(error, file: nil) }

// loglevel follows CONFIG SET: every log call reads the level from one shared atomic.
let logLevel = LogLevelSetting(RedisLogHandler.level(configuration["loglevel"] ?? "notice"))
configuration.onChange { name, value in
    if name == "loglevel" { logLevel.level = RedisLogHandler.level(value) }
}
let logFile = configuration["logfile"]
LoggingSystem.bootstrap { _ in
    ConfigurableLogHandler(output: RedisLogHandler(level: .trace, path: logFile), setting: logLevel)
}
let logger = Logger(label: "tessera")

if let dir = configuration["dir"], !dir.isEmpty, chdir(dir) != 0 {
    logger.warning("Can't chdir to '\(dir)': \(String(cString: strerror(errno)))")
    exit(1)
}

logger.notice("oO0OoO0OoO0Oo Tessera is starting oO0OoO0OoO0Oo")
logger.notice("Tessera version=\(TesseraVersion.current), redis_version=\(TesseraVersion.redisCompatible), bits=64, pid=\(getpid()), just started")
if commandLine.file == nil {
    logger.warning("Warning: no config file specified, using the default config. In order to specify a config file use tessera-server /path/to/tessera.conf")
}

let maxClients = Int(configuration.integer("maxclients"))
let openFiles = FileDescriptorLimit.raise(toServe: maxClients)
if openFiles < maxClients + 32 {
    logger.warning("You requested maxclients of \(maxClients) requiring at least \(maxClients + 32) max file descriptors. Server can't set maximum open files to \(maxClients + 32) because of OS error: the hard limit is \(openFiles).")
} else if openFiles == maxClients + 32 {
    logger.notice("Increased maximum number of open files to \(openFiles) (it was originally set to a lower value).")
}

let pidFile = configuration["pidfile"] ?? ""
if !pidFile.isEmpty {
    let written = "\(getpid())\n".withCString { text -> Bool in
        guard let file = fopen(pidFile, "w") else { return false }
        defer { fclose(file) }
        return fputs(text, file) >= 0
    }
    if !written { logger.warning("Failed to write PID file: \(String(cString: strerror(errno)))") }
}

let engine = Engine(configuration: configuration, logger: logger)
let server = TesseraServer(engine: engine)
// SHUTDOWN (and SIGTERM/SIGINT below) end here once the engine has decided to go ahead.
engine.shutdownHandler = { _ in
    if !pidFile.isEmpty {
        logger.notice("Removing the pid file.")
        unlink(pidFile)
    }
    logger.warning("Tessera is now ready to exit, bye bye...")
    exit(0)
}
let port: Int
do {
    port = try await server.start()
} catch {
    logger.warning("Failed listening on port \(configuration["port"] ?? "") (tcp), aborting.")
    exit(1)
}
logger.notice("Running mode=standalone, port=\(port), shards=\(engine.shardCount).")
logger.notice("Server initialized")
// Clients may connect while the snapshot loads: they get -LOADING until it is in, as from Redis
// (Persistence/Snapshot/Engine+SnapshotLoading.swift).
guard await engine.loadSnapshotAtStart() else { exit(1) }
logger.notice("Ready to accept connections tcp")

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
signal(SIGPIPE, SIG_IGN)
// Redis 7's shutdown-on-sigterm / shutdown-on-sigint: the same shutdown as SHUTDOWN with the
// configured flags; when it is refused (a save that cannot happen), the server keeps running.
let signals = [SIGTERM, SIGINT].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
    // Not main-actor code: it runs on a dispatch queue, with its own references.
    source.setEventHandler { @Sendable [engine, configuration, logger] in
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        logger.warning("Received \(name) scheduling shutdown...")
        let directive = configuration[number == SIGINT ? "shutdown-on-sigint" : "shutdown-on-sigterm"] ?? "default"
        if engine.requestShutdown(ShutdownFlags(directive: directive)) != nil {
            logger.warning("\(name) received but errors trying to shut down the server, check the logs for more information")
        }
    }
    source.resume()
    return source
}
try await server.waitUntilClosed()
_ = signals

func readTextFile(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else { throw CannotOpen() }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

struct CannotOpen: Error {}

func absolutePath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The log level every logger of the process reads, changed by CONFIG SET loglevel.
final class LogLevelSetting: Sendable {
    private let raw: Atomic<Int>

    init(_ level: Logger.Level) { raw = Atomic(Self.index(level)) }

    var level: Logger.Level {
        get { Logger.Level.allCases[raw.load(ordering: .relaxed)] }
        set { raw.store(Self.index(newValue), ordering: .relaxed) }
    }

    private static func index(_ level: Logger.Level) -> Int { Logger.Level.allCases.firstIndex(of: level) ?? 3 }
}

/// RedisLogHandler output at the level of a shared `LogLevelSetting`.
struct ConfigurableLogHandler: LogHandler {
    var output: RedisLogHandler
    let setting: LogLevelSetting

    var logLevel: Logger.Level {
        get { setting.level }
        set { setting.level = newValue }
    }

    var metadata: Logger.Metadata {
        get { output.metadata }
        set { output.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { output[metadataKey: key] }
        set { output[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) { output.log(event: event) }
}

func printError(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
