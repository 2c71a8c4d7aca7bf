import NIOCore
import NIOPosix

/// Runs a whole benchmark: preload, connect, warm up, measure, merge the loops' statistics.
public struct LoadRunner {
    public let options: LoadOptions

    public init(options: LoadOptions) {
        self.options = options
    }

    public func run() throws -> LoadReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        defer { try? group.syncShutdownGracefully() }
        let loops = Array(group.makeIterator())
        if options.preload { try Preloader(options: options).run(loops: loops) }

        let statistics = try loops.map { loop in
            try loop.submit { NIOLoopBound(LoopStatistics(), eventLoop: loop) }.wait()
        }
        let control = RunControl(requests: options.requests, finished: loops[0].makePromise())
        let channels = try connect(loops: loops, statistics: statistics, control: control)
        defer { Connector.close(channels) }
        let cpuSeconds = try measure(channels, control: control, timer: loops[0])

        let merged = LoopStatistics.Snapshot.merged(try statistics.map { bound in
            try bound.eventLoop.submit { bound.value.snapshot }.wait()
        })
        return LoadReport(requests: merged.requests, errors: merged.errors,
                          seconds: Double(control.endNanoseconds &- control.measureStartNanoseconds) / 1e9,
                          latency: merged.latency.summary, cpuSeconds: cpuSeconds,
                          connections: options.connections, pipeline: options.pipeline,
                          threads: options.threads, rate: options.rate)
    }

    /// Warms up, then measures until the duration ends or the n-th reply is read; returns the
    /// CPU seconds the measured phase used. Statistics recorded after it returns are ignored.
    private func measure(_ channels: [any Channel], control: RunControl, timer: any EventLoop) throws -> Double {
        if options.warmup > 0 {
            start(channels, at: MonotonicClock.nanoseconds())
            try timer.scheduleTask(in: .nanoseconds(Int64(options.warmup * 1e9))) {}.futureResult.wait()
        }
        let cpuAtStart = ProcessCPUTime.seconds()
        control.beginMeasuring()
        if options.warmup <= 0 { start(channels, at: control.measureStartNanoseconds) }
        if options.requests == nil {
            timer.scheduleTask(in: .nanoseconds(Int64(options.duration * 1e9))) { control.finish() }
        }
        try control.finished.futureResult.wait()
        return ProcessCPUTime.seconds() - cpuAtStart
    }

    private func connect(loops: [any EventLoop], statistics: [NIOLoopBound<LoopStatistics>],
                         control: RunControl) throws -> [any Channel] {
        let options = self.options
        return try Connector(host: options.host, port: options.port)
            .connect(count: options.connections, loops: loops) { index, _ in
                let rate = options.rate.map {
                    LoadConnection.Rate(total: $0, connections: options.connections, index: index)
                }
                return LoadConnection(
                    control: control, statistics: statistics[index % statistics.count].value,
                    pipeline: options.pipeline, rate: rate,
                    generator: RequestGenerator(workload: options.workload, seed: Self.seed(for: index)))
            }
    }

    private func start(_ channels: [any Channel], at startNanoseconds: UInt64) {
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(LoadConnection.Start(startNanoseconds: startNanoseconds))
        }
    }

    /// Different streams per connection and per run.
    private static func seed(for index: Int) -> UInt64 {
        MonotonicClock.nanoseconds() &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index)
    }
}
