#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// swift-log output in redis-server's format, `pid:M 23 Nov 2026 18:56:05.123 * message`, so
/// the tools that read Redis logs read ours. Writes to stdout or to `logfile`.
public struct RedisLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let fd: Int32

    public init(level: Logger.Level, path: String?) {
        self.logLevel = level
        if let path, !path.isEmpty {
            let opened = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            self.fd = opened >= 0 ? opened : STDOUT_FILENO
        } else {
            self.fd = STDOUT_FILENO
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Redis's loglevel names mapped onto swift-log's levels.
    public static func level(_ name: String) -> Logger.Level {
        switch name {
        case "debug": .debug
        case "verbose": .info
        case "warning": .warning
        case "nothing": .critical
        default: .notice
        }
    }

    public func log(event: LogEvent) {
        let mark: String
        switch event.level {
        case .trace, .debug: mark = "."
        case .info: mark = "-"
        case .notice: mark = "*"
        default: mark = "#"
        }
        let line = "\(getpid()):M \(RedisLogHandler.timestamp()) \(mark) \(event.message)\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
    }

    static func timestamp() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%d %b %Y %H:%M:%S", &parts)
        let millis = Int(now.tv_usec) / 1000
        let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text + "." + String(millis + 1000).dropFirst()
    }
}
