import NIOCore
import RESP
import Tessera

/// One client connection: decodes requests into batches, runs one batch at a time through the
/// engine, and writes each batch's replies with a single flush. A protocol error answers like
/// Redis (after the commands decoded before it) and closes this connection only.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let engine: Engine
    private let limits: ServerLimits
    private var decoder: RESPRequestDecoder
    private var execution: BatchExecution!
    private var session: ClientSession!
    /// Bytes received and not yet decoded into a batch.
    private var input: ByteBuffer?
    private var batch = CommandBatch(storage: ByteBuffer())
    private var protocolError: String?
    private var closing = false
    /// Made once per connection so a batch costs no closure allocation.
    private var batchDone: ((ByteBuffer) -> Void)?
    private let empty = ByteBuffer()

    init(engine: Engine, limits: ServerLimits) {
        self.engine = engine
        self.limits = limits
        self.decoder = RESPRequestDecoder(limits: RESPLimits(maxBulkLength: limits.protoMaxBulkLength))
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        let loop = context.eventLoop
        session = ClientSession(
            id: engine.clients.makeID(), authenticated: !engine.requiresAuth,
            address: channel.remoteAddress.map(Self.describe) ?? "", localAddress: channel.localAddress.map(Self.describe) ?? "",
            loopIndex: engine.shardIndex(of: loop),
            kill: { loop.execute { channel.close(promise: nil) } })
        execution = BatchExecution(engine: engine, session: session, loop: loop)
        batchDone = { [unowned self] replies in self.finishBatch(context, replies) }
        engine.clients.register(session)
        if engine.clients.count > limits.maxClients {
            engine.clients.rejectedConnections.wrappingIncrement(ordering: .relaxed)
            closeWithError(context, "ERR max number of clients reached")
            return
        }
        if let denial = limits.protectedModeDenial(for: channel.remoteAddress, passwordSet: engine.requiresAuth) {
            closeWithError(context, denial)
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let session { engine.clients.unregister(session) }
        closing = true
        input = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        engine.stats.netInputBytes.wrappingIncrement(by: bytes.readableBytes, ordering: .relaxed)
        if input == nil {
            input = bytes
        } else {
            input!.writeBuffer(&bytes)
        }
        if input!.readableBytes > limits.queryBufferLimit {
            // Redis closes such a client without a reply ("reached max query buffer length").
            engine.logger.warning("Closing client that reached max query buffer length")
            closing = true
            context.close(promise: nil)
            return
        }
        processInput(context)
    }

    /// Decodes whatever complete requests are buffered into one batch and runs it.
    private func processInput(_ context: ChannelHandlerContext) {
        guard !closing, !execution.isRunning, var bytes = input else { return }
        input = nil
        decoder.limits.authenticated = session.authenticated
        decoder.limits.maxBulkLength = limits.protoMaxBulkLength
        batch.storage = bytes
        decoding: while bytes.readableBytes > 0 {
            let start = bytes.readerIndex
            do {
                guard let request = try decoder.decode(&bytes, into: &batch.spans) else { break decoding }
                switch request {
                case .arguments(let count):
                    batch.commands.append(.init(firstSpan: batch.spans.count - count, count: count))
                case .empty:
                    continue
                case .inline(let arguments):
                    if batch.isEmpty {
                        runInline(context, arguments, rest: bytes)
                        return
                    }
                    // Run the multibulk requests before it first; the inline one comes next.
                    bytes.moveReaderIndex(to: start)
                    break decoding
                }
            } catch {
                protocolError = error.message
                bytes.clear()
                break decoding
            }
        }
        input = bytes.readableBytes > 0 ? bytes.slice() : nil
        guard !batch.isEmpty else {
            batch.storage = empty
            if protocolError != nil { finishBatch(context, ByteBuffer()) }
            return
        }
        run(context, batch)
    }

    private func runInline(_ context: ChannelHandlerContext, _ arguments: [[UInt8]], rest: ByteBuffer) {
        input = rest.readableBytes > 0 ? rest.slice() : nil
        batch.removeAll()
        run(context, CommandBatch(arguments: arguments))
    }

    private func run(_ context: ChannelHandlerContext, _ batch: CommandBatch) {
        guard let batchDone else { return }
        execution.run(batch, completion: batchDone)
    }

    private func finishBatch(_ context: ChannelHandlerContext, _ replies: ByteBuffer) {
        batch.removeAll()
        batch.storage = empty
        if replies.readableBytes > 0 {
            engine.stats.netOutputBytes.wrappingIncrement(by: replies.readableBytes, ordering: .relaxed)
            context.write(wrapOutboundOut(replies), promise: nil)
        }
        if let message = protocolError {
            closeWithError(context, "ERR " + message)
            return
        }
        if session.closeAfterReply {
            closing = true
            context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: nil)
            context.close(promise: nil)
            return
        }
        context.flush()
        if input != nil { processInput(context) }
    }

    private func closeWithError(_ context: ChannelHandlerContext, _ message: String) {
        closing = true
        var buffer = context.channel.allocator.buffer(capacity: message.utf8.count + 3)
        buffer.writeRESPError(message)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // The completion closure captures the context: break the cycle when the channel goes.
        batchDone = nil
    }

    static func describe(_ address: SocketAddress) -> String {
        switch address {
        case .v4(let v4): return "\(v4.host):\(address.port ?? 0)"
        case .v6(let v6): return "\(v6.host):\(address.port ?? 0)"
        case .unixDomainSocket: return address.pathname ?? "unix"
        }
    }
}
