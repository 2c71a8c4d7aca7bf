#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Logging
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
}
do { try configuration.apply(commandLine.text) } catch { fatalConfig(error, file: nil) }

let logLevel = RedisLogHandler.level(configuration["loglevel"] ?? "notice")
let logFile = configuration["logfile"]
LoggingSystem.bootstrap { _ in RedisLogHandler(level: logLevel, path: logFile) }
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

let engine = Engine(configuration: configuration, logger: logger)
let server = TesseraServer(engine: engine)
let port: Int
do {
    port = try await server.start()
} catch {
    logger.warning("Failed listening on port \(configuration["port"] ?? "") (tcp), aborting.")
    exit(1)
}
logger.notice("Running mode=standalone, port=\(port), shards=\(engine.shardCount).")
logger.notice("Server initialized")
logger.notice("Ready to accept connections tcp")

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
signal(SIGPIPE, SIG_IGN)
let signals = [SIGTERM, SIGINT].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
    source.setEventHandler {
        logger.warning("Received \(number == SIGINT ? "SIGINT" : "SIGTERM") scheduling shutdown...")
        Task {
            logger.notice("User requested shutdown...")
            await server.stop()
            logger.notice("Tessera is now ready to exit, bye bye...")
            exit(0)
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

func printError(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
