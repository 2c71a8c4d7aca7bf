import NIOCore
import NIOPosix

/// Opens connections spread round-robin over the event loops; each gets the handler
/// `makeHandler` builds on the connection's own loop.
struct Connector {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    let host: String
    let port: Int

    func connect<Handler: ChannelHandler>(
        count: Int, loops: [any EventLoop],
        makeHandler: @escaping @Sendable (_ index: Int, _ loop: any EventLoop) -> Handler
    ) throws -> [any Channel] {
        let attempts = (0..<count).map { index in
            let loop = loops[index % loops.count]
            return ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(makeHandler(index, loop))
                    }
                }
                .connect(host: host, port: port)
        }
        var channels: [any Channel] = []
        var failure: (any Error)?
        for attempt in attempts {
            do {
                channels.append(try attempt.wait())
            } catch {
                failure = failure ?? error
            }
        }
        if let failure {
            Self.close(channels)
            throw Failed(description: "cannot connect to \(host):\(port): \(failure)")
        }
        return channels
    }

    static func close(_ channels: [any Channel]) {
        let closing = channels.map { $0.close() }
        for future in closing { _ = try? future.wait() }
    }
}
