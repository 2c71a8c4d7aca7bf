/// When each request of one connection is meant to be sent in open-loop mode (`--rate`).
///
/// The total rate is split evenly over the connections, and connection i starts i/rate seconds
/// after the first, so together they send one request every 1/rate seconds rather than in bursts
/// of `connections` at once. Times are computed from the request's index, never accumulated, so
/// rounding does not drift over a long run.
public struct RateSchedule: Sendable {
    /// Nanoseconds between two requests of this connection.
    public let interval: Double
    /// Intended time of this connection's first request (uptime nanoseconds).
    public let firstTime: Double
    /// Index of the next request to schedule.
    public private(set) var nextIndex: UInt64 = 0

    public init(totalRate: Double, connections: Int, connectionIndex: Int, startNanoseconds: UInt64) {
        precondition(totalRate > 0 && connections > 0 && (0..<connections).contains(connectionIndex))
        let gap = 1e9 / totalRate
        interval = gap * Double(connections)
        firstTime = Double(startNanoseconds) + gap * Double(connectionIndex)
    }

    /// The intended send time of the next request (uptime nanoseconds).
    @inline(__always)
    public var nextTime: UInt64 {
        UInt64(firstTime + interval * Double(nextIndex))
    }

    @inline(__always)
    public mutating func advance() {
        nextIndex += 1
    }
}
