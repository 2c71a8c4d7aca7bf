import NIOConcurrencyHelpers
import NIOCore
import RESP

/// SLOWLOG and MONITOR: what is seen of each executed command besides its reply.
extension Engine {
    @inline(__always)
    func observe(_ spec: CommandSpec, _ arguments: Arguments, session: ClientSession?, microseconds: Int) {
        if microseconds >= slowlog.thresholdMicros && slowlog.thresholdMicros >= 0
            && !spec.flags.contains(.skipSlowlog) {
            slowlog.record(arguments, microseconds: microseconds, session: session)
        }
    }
}

/// The slow log ring (SLOWLOG GET|LEN|RESET), shared by all loops behind a lock that is taken
/// only when a command was slow.
public final class SlowLog: @unchecked Sendable {
    public struct Record: Sendable {
        public let id: Int
        public let timestamp: Int64
        public let microseconds: Int
        public let arguments: [[UInt8]]
        public let client: String
        public let clientName: String
    }

    private let lock = NIOLock()
    private var records: [Record] = []
    private var nextID = 0
    /// Mirrors slowlog-log-slower-than (-1 disables, 0 logs everything).
    var thresholdMicros = 10_000
    var maxLength = 128

    func record(_ arguments: Arguments, microseconds: Int, session: ClientSession?) {
        // Redis keeps at most 32 arguments, each cut to 128 bytes, with a note of what was cut.
        var saved: [[UInt8]] = []
        let kept = min(arguments.count, 32)
        for index in 0..<kept {
            let argument = arguments[index]
            if argument.count > 128 {
                saved.append(Array(argument.prefix(128)) + Array("... (\(argument.count - 128) more bytes)".utf8))
            } else {
                saved.append(Array(argument))
            }
        }
        if arguments.count > kept {
            saved[kept - 1] = Array("... (\(arguments.count - kept + 1) more arguments)".utf8)
        }
        let client = session?.address ?? ""
        let name = session.map { String(decoding: $0.name, as: UTF8.self) } ?? ""
        lock.withLock {
            records.insert(Record(id: nextID, timestamp: Clock.milliseconds() / 1000, microseconds: microseconds,
                                  arguments: saved, client: client, clientName: name), at: 0)
            nextID += 1
            if records.count > maxLength { records.removeLast(records.count - maxLength) }
        }
    }

    public func entries(_ count: Int) -> [Record] {
        lock.withLock { Array(records.prefix(count < 0 ? records.count : count)) }
    }

    public var count: Int { lock.withLock { records.count } }

    public func reset() { lock.withLock { records.removeAll() } }

    func setMaxLength(_ length: Int) {
        lock.withLock {
            maxLength = length
            if records.count > length { records.removeLast(records.count - length) }
        }
    }
}
