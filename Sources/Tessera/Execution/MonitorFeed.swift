import NIOConcurrencyHelpers
import NIOCore

/// MONITOR: every command any client executes, streamed to the clients in monitor mode as Redis
/// 7.0 formats it (replicationFeedMonitors):
///
///     +1700000000.123456 [0 127.0.0.1:50123] "SET" "k" "v"
///
/// Costs nothing while no monitor is connected: a batch reads `ClientRegistry.gate` once and
/// formats lines only when its monitor bit is set. A batch collects its lines and publishes them
/// once; each monitor receives them through the sink its connection installed, which hops to the
/// monitor's own loop.
public final class MonitorFeed: @unchecked Sendable {
    private let lock = NIOLock()
    private var sinks: [(id: Int64, sink: @Sendable (ByteBuffer) -> Void)] = []
    weak var registry: ClientRegistry?

    /// Puts `session` in monitor mode. Returns false if it already was one (Redis then replies
    /// nothing).
    public func add(_ session: ClientSession) -> Bool {
        guard !session.isMonitor else { return false }
        session.isMonitor = true
        guard let sink = session.monitorSink else { return true }
        lock.withLock {
            sinks.append((session.id, sink))
            registry?.setGate(ClientGate.monitors, true)
        }
        return true
    }

    /// Takes `session` out of monitor mode (RESET, disconnection).
    public func remove(_ session: ClientSession) {
        session.isMonitor = false
        lock.withLock {
            sinks.removeAll { $0.id == session.id }
            registry?.setGate(ClientGate.monitors, !sinks.isEmpty)
        }
    }

    public var count: Int { lock.withLock { sinks.count } }

    /// Sends `lines` (one or more formatted lines) to every monitor.
    func publish(_ lines: ByteBuffer) {
        let targets = lock.withLock { sinks.map(\.sink) }
        for sink in targets { sink(lines) }
    }

    // MARK: formatting

    /// Whether Redis shows `spec` to monitors: not admin commands (CONFIG, CLIENT LIST, MONITOR...)
    /// and not those flagged skip_monitor.
    @inline(__always)
    static func shows(_ spec: CommandSpec) -> Bool {
        spec.flags.isDisjoint(with: [.admin, .skipMonitor])
    }

    /// Appends the line for one command: time, db, client address, then every argument quoted as
    /// sdscatrepr does. Passwords (AUTH, HELLO ... AUTH user pass) are shown as "(redacted)".
    static func format(into line: inout ByteBuffer, _ spec: CommandSpec, _ arguments: Arguments, db: Int,
                       client: String, now microseconds: Int64 = Clock.microseconds()) {
        line.writeStaticString("+")
        line.writeString(String(microseconds / 1_000_000))
        line.writeStaticString(".")
        let fraction = String(microseconds % 1_000_000)
        line.writeRepeatingByte(UInt8(ascii: "0"), count: 6 - fraction.utf8.count)
        line.writeString(fraction)
        line.writeStaticString(" [")
        line.writeString(String(db))
        line.writeStaticString(" ")
        line.writeString(client)
        line.writeStaticString("]")
        let redacted = redactedArguments(spec, arguments)
        for index in 0..<arguments.count {
            line.writeStaticString(" ")
            if redacted.contains(index) {
                line.writeStaticString("\"(redacted)\"")
            } else {
                writeRepr(arguments[index], into: &line)
            }
        }
        line.writeStaticString("\r\n")
    }

    /// The argument indexes Redis redacts (redactClientCommandArgument) for AUTH and HELLO.
    static func redactedArguments(_ spec: CommandSpec, _ arguments: Arguments) -> Set<Int> {
        switch spec.name {
        case "auth":
            // AUTH with too many arguments is rejected before it redacts anything.
            return arguments.count > 3 ? [] : Set(1..<arguments.count)
        case "hello":
            var redacted = Set<Int>()
            var index = 2
            while index < arguments.count {
                if arguments.matches(index, "AUTH") && index + 2 < arguments.count {
                    redacted.insert(index + 1)
                    redacted.insert(index + 2)
                    index += 3
                } else if arguments.matches(index, "SETNAME") && index + 1 < arguments.count {
                    index += 2
                } else {
                    break
                }
            }
            return redacted
        default:
            return []
        }
    }

    /// Redis's sdscatrepr: a double-quoted string with \\ \" \n \r \t \a \b escaped, printable
    /// ASCII as is, and every other byte as \xhh.
    static func writeRepr(_ bytes: UnsafeRawBufferPointer, into line: inout ByteBuffer) {
        line.writeInteger(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                line.writeInteger(UInt8(ascii: "\\"))
                line.writeInteger(byte)
            case UInt8(ascii: "\n"): line.writeStaticString("\\n")
            case UInt8(ascii: "\r"): line.writeStaticString("\\r")
            case UInt8(ascii: "\t"): line.writeStaticString("\\t")
            case 0x07: line.writeStaticString("\\a")
            case 0x08: line.writeStaticString("\\b")
            case 0x20...0x7e: line.writeInteger(byte)
            default:
                line.writeStaticString("\\x")
                line.writeInteger(hexDigits[Int(byte >> 4)])
                line.writeInteger(hexDigits[Int(byte & 0xf)])
            }
        }
        line.writeInteger(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
