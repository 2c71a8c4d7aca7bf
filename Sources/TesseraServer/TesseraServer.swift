import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Tessera

/// Listens on the configured addresses and serves RESP clients with an `Engine`. Connections are
/// spread over the engine's own loops, so N loops serve both the shards and the sockets
/// (design §2: thread per core, shared nothing).
public final class TesseraServer: Sendable {
    public let engine: Engine
    private let limits: ServerLimits
    private let channels: NIOLockedValueBox<[any Channel]> = NIOLockedValueBox([])
    private let flushers: [ReplyFlusher]

    public init(engine: Engine) {
        self.engine = engine
        self.limits = ServerLimits(configuration: engine.configuration)
        self.flushers = engine.loops.map { ReplyFlusher(loop: $0) }
    }

    /// Binds every address of `bind` (a leading `-` marks an address whose failure is ignored,
    /// as in Redis 7) on `port`. Returns the bound port (useful with port 0).
    @discardableResult
    public func start() async throws -> Int {
        let configuration = engine.configuration
        let port = Int(configuration.integer("port"))
        let addresses = (configuration["bind"] ?? "127.0.0.1").split(separator: " ").map(String.init)
        let backlog = Int32(configuration.integer("tcp-backlog"))
        let keepalive = Int(configuration.integer("tcp-keepalive"))
        var boundPort = port
        var bound: [any Channel] = []
        for address in addresses {
            let optional = address.hasPrefix("-")
            var host = optional ? String(address.dropFirst()) : address
            if host == "*" { host = "0.0.0.0" }
            if host == "::*" { host = "::" }
            do {
                let channel = try await bootstrap(backlog: backlog, keepalive: keepalive).bind(host: host, port: boundPort).get()
                if boundPort == 0, let actual = channel.localAddress?.port { boundPort = actual }
                bound.append(channel)
            } catch {
                if optional { continue }
                for channel in bound { try? await channel.close() }
                engine.logger.warning("Warning: Could not create server TCP listening socket \(host):\(port): \(error)")
                throw error
            }
        }
        channels.withLockedValue { $0 = bound }
        return boundPort
    }

    private func bootstrap(backlog: Int32, keepalive: Int) -> ServerBootstrap {
        let engine = self.engine
        let limits = self.limits
        let flushers = self.flushers
        return ServerBootstrap(group: engine.group)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: keepalive > 0 ? 1 : 0)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let flusher = flushers[engine.shardIndex(of: channel.eventLoop)]
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(engine: engine, limits: limits, flusher: flusher))
                }
            }
    }

    /// Waits until every listener is closed.
    public func waitUntilClosed() async throws {
        for channel in channels.withLockedValue({ $0 }) {
            try await channel.closeFuture.get()
        }
    }

    /// Stops accepting clients and closes the listeners.
    public func stop() async {
        for channel in channels.withLockedValue({ $0 }) {
            try? await channel.close()
        }
    }
}
