import NIOCore

/// One benchmark connection: sends requests, reads replies with a `ReplySkipper` and records
/// each measured request's latency in its loop's `LoopStatistics`.
///
/// Closed loop (as redis-benchmark): write `pipeline` requests with one flush, time them all
/// from that write, and send the next batch when the last of their replies is in.
/// Open loop (`--rate`, as wrk2): send each request at its scheduled time if fewer than
/// `pipeline` are outstanding, and time it from when it was *meant* to go, so a stalled server
/// is charged for the requests it delayed (coordinated-omission correction).
final class LoadConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent down the pipeline to begin; open-loop schedules count from `startNanoseconds`.
    struct Start: Sendable {
        let startNanoseconds: UInt64
    }

    /// Open-loop parameters of this connection.
    struct Rate: Sendable {
        let total: Double
        let connections: Int
        let index: Int
    }

    struct ConnectionLost: Error, CustomStringConvertible {
        let description: String
    }

    private let control: RunControl
    private let statistics: LoopStatistics
    private let pipeline: Int
    private let rate: Rate?
    private var generator: RequestGenerator
    private var schedule: RateSchedule?
    private var skipper = ReplySkipper()
    private var inFlight: InFlightQueue
    private var outgoing = ByteBuffer()
    private var context: ChannelHandlerContext?
    private var started = false
    private var ticketsExhausted = false
    private var timerPending = false

    init(control: RunControl, statistics: LoopStatistics, pipeline: Int, rate: Rate?, generator: RequestGenerator) {
        self.control = control
        self.statistics = statistics
        self.pipeline = pipeline
        self.rate = rate
        self.generator = generator
        self.inFlight = InFlightQueue(capacity: pipeline)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        outgoing = context.channel.allocator.buffer(capacity: 4096)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let start = event as? Start else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        started = true
        if let rate {
            schedule = RateSchedule(totalRate: rate.total, connections: rate.connections,
                                    connectionIndex: rate.index, startNanoseconds: start.startNanoseconds)
        }
        sendMore(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let now = MonotonicClock.nanoseconds()
        let measuring = control.currentPhase == .measuring
        var measuredReplies = 0
        var unmatchedReply = false
        do {
            try buffer.withUnsafeReadableBytes { bytes in
                try skipper.consume(bytes) { isError in
                    guard let request = inFlight.pop() else {
                        unmatchedReply = true
                        return
                    }
                    guard request.measured else { return }
                    measuredReplies += 1
                    if measuring {
                        statistics.latency.record(nanoseconds: now &- min(now, request.startNanoseconds))
                        statistics.requests += 1
                        if isError { statistics.errors += 1 }
                    }
                }
            }
        } catch {
            abort(context: context, reason: "unreadable reply: \(error)")
            return
        }
        if unmatchedReply {
            abort(context: context, reason: "a reply arrived for no request")
            return
        }
        control.completeMeasured(measuredReplies)
        sendMore(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if control.currentPhase != .stopped {
            control.fail(ConnectionLost(description: "the server closed a connection during the run"))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        abort(context: context, reason: "connection error: \(error)")
    }

    private func abort(context: ChannelHandlerContext, reason: String) {
        control.fail(ConnectionLost(description: reason))
        context.close(promise: nil)
    }

    private func sendMore(context: ChannelHandlerContext) {
        guard started, !ticketsExhausted else { return }
        if schedule != nil {
            sendDueRequests(context: context)
        } else if inFlight.isEmpty {
            sendBatch(context: context)
        }
    }

    /// Closed loop: a full pipeline of requests, one flush, all timed from the write.
    private func sendBatch(context: ChannelHandlerContext) {
        let phase = control.currentPhase
        guard phase != .stopped else { return }
        let measured = phase == .measuring
        let count = measured ? control.claimTickets(pipeline) : pipeline
        guard count > 0 else {
            ticketsExhausted = true
            return
        }
        outgoing.clear()
        for _ in 0..<count { generator.writeRequest(into: &outgoing) }
        let now = MonotonicClock.nanoseconds()
        for _ in 0..<count { inFlight.push(.init(startNanoseconds: now, measured: measured)) }
        context.writeAndFlush(wrapOutboundOut(outgoing), promise: nil)
    }

    /// Open loop: every request whose time has come, as far as the pipeline limit allows; then
    /// a timer for the next one if a slot is free.
    private func sendDueRequests(context: ChannelHandlerContext) {
        let phase = control.currentPhase
        guard phase != .stopped, var schedule else { return }
        let measured = phase == .measuring
        let now = MonotonicClock.nanoseconds()
        outgoing.clear()
        var written = 0
        while !inFlight.isFull && schedule.nextTime <= now {
            if measured && control.claimTickets(1) == 0 {
                ticketsExhausted = true
                break
            }
            generator.writeRequest(into: &outgoing)
            inFlight.push(.init(startNanoseconds: schedule.nextTime, measured: measured))
            schedule.advance()
            written += 1
        }
        self.schedule = schedule
        if written > 0 {
            context.writeAndFlush(wrapOutboundOut(outgoing), promise: nil)
        }
        if !ticketsExhausted && !inFlight.isFull && !timerPending {
            timerPending = true
            context.eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(schedule.nextTime)) {
                self.timerFired()
            }
        }
    }

    private func timerFired() {
        timerPending = false
        if let context { sendMore(context: context) }
    }
}
