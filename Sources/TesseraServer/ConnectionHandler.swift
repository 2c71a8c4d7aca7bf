import NIOCore
import RESP
import Tessera

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection: decodes requests into batches, runs one batch at a time through the
/// engine, and queues each batch's replies for the loop's end-of-iteration send. A protocol
/// error answers like Redis (after the commands decoded before it) and closes this connection
/// only.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let engine: Engine
    private let limits: ServerLimits
    /// The flusher of this connection's loop.
    private let flusher: ReplyFlusher
    private var decoder: RESPRequestDecoder
    private var execution: BatchExecution!
    private var session: ClientSession!
    private var writer: ReplyWriter!
    /// Bytes received and not yet decoded into a batch.
    private var input: ByteBuffer?
    private var protocolError: String?
    private var closing = false
    /// Refused at admission (maxclients): answered and closed once active.
    private var rejected = false
    /// Made once per connection so a batch costs no closure allocation.
    private var batchDone: ((ByteBuffer) -> Void)?
    private let empty = ByteBuffer()

    init(engine: Engine, limits: ServerLimits, flusher: ReplyFlusher) {
        self.engine = engine
        self.limits = limits
        self.flusher = flusher
        self.decoder = RESPRequestDecoder(limits: RESPLimits(maxBulkLength: limits.protoMaxBulkLength))
    }

    /// The client is registered as soon as the handler joins the pipeline, on the child loop during
    /// the bootstrap's channel initializer: NIO makes the channel active two loop hops later, and
    /// a client that another one names right after connecting (CLIENT KILL addr, CLIENT LIST) must
    /// already be known. Redis admits a client before creating it, so a rejected one (maxclients)
    /// gets no id and is not counted; it is answered once the channel is active.
    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let loop = context.eventLoop
        let engine = self.engine
        let writer = ReplyWriter(channel: channel, flusher: flusher)
        self.writer = writer
        let authenticated = !engine.requiresAuth
        let admitted = engine.clients.admit(limit: limits.maxClients) { id in
            ClientSession(
                id: id, authenticated: authenticated,
                address: channel.remoteAddress.map(Self.describe) ?? "",
                localAddress: channel.localAddress.map(Self.describe) ?? "",
                loopIndex: engine.shardIndex(of: loop),
                kill: { loop.execute { channel.close(promise: nil) } })
        }
        guard let session = admitted else {
            rejected = true
            return
        }
        // MONITOR lines arrive from any loop; each is written on this one, after the replies of
        // the batch in progress (the client's own commands show after their reply, as in Redis),
        // and not while CLIENT REPLY OFF (Redis's addReply drops them too).
        // The sink and the session hold each other until the handler goes (handlerRemoved). No
        // weak reference: one would move the session's reference counts to a side table, which
        // makes every retain of it on the hot path a slow one.
        let loopWriter = NIOLoopBound(writer, eventLoop: loop)
        session.monitorSink = { [session] lines in
            loop.execute {
                guard session.replyMode != .off else { return }
                loopWriter.value.write(lines)
            }
        }
        session.fileDescriptor = writer.descriptor.map(Int.init) ?? -1
        self.session = session
        execution = BatchExecution(engine: engine, session: session, loop: loop)
        batchDone = { [unowned self] replies in self.finishBatch(context, replies) }
        let logger = engine.logger
        engine.clients.startIdleSweeper(on: engine.loops[0], configuration: engine.configuration) { message in
            logger.debug("\(message)")
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // Also covers a channel closed before it ever became active.
        if let session {
            engine.clients.unregister(session)
            session.monitorSink = nil
        }
        // The completion closure captures the context: break the cycle when the channel goes.
        batchDone = nil
        writer?.invalidate()
    }

    func channelActive(context: ChannelHandlerContext) {
        if rejected {
            engine.clients.rejectedConnections.wrappingIncrement(ordering: .relaxed)
            closeWithError(context, "ERR max number of clients reached")
            return
        }
        if let denial = limits.protectedModeDenial(for: context.channel.remoteAddress, passwordSet: engine.requiresAuth) {
            closeWithError(context, denial)
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        input = nil
        writer?.invalidate()
        if let session { engine.clients.unregister(session) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A client refused at admission has no session and is being closed: like Redis, which
        // closes it at accept, read nothing from it (nor count its bytes on another's stripe).
        guard let session else { return }
        var bytes = unwrapInboundIn(data)
        engine.stats.netInputBytes.add(bytes.readableBytes, stripe: session.loopIndex)
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

    /// Not passed on: this is the last handler, and a batch's replies are written when it
    /// finishes, not at the end of a read (passing it to the pipeline's tail did nothing, at a
    /// cost on every read).
    func channelReadComplete(context: ChannelHandlerContext) {}

    /// Decodes whatever complete requests are buffered into one batch and runs it.
    private func processInput(_ context: ChannelHandlerContext) {
        guard !closing, !execution.isRunning, var bytes = input else { return }
        input = nil
        decoder.limits.authenticated = session.authenticated
        decoder.limits.maxBulkLength = limits.protoMaxBulkLength
        let decoded = execution.fillBatch { batch in decode(&bytes, into: &batch) }
        input = bytes.readableBytes > 0 ? bytes.slice() : nil
        guard let batchDone else { return }
        switch decoded {
        case .batch:
            execution.runFilledBatch(completion: batchDone)
        case .inline(let arguments):
            execution.run(CommandBatch(arguments: arguments), completion: batchDone)
        case .nothing:
            if protocolError != nil { finishBatch(context, empty) }
        }
    }

    private enum Decoded {
        case nothing
        case batch
        /// An inline request that came first: it runs alone (the decoder copies its arguments).
        case inline([[UInt8]])
    }

    /// Decodes the complete requests at the front of `bytes` into `batch`, stopping before an
    /// inline request that follows multibulk ones (it runs next, in a batch of its own) and at
    /// a protocol error (the requests before it still run).
    private func decode(_ bytes: inout ByteBuffer, into batch: inout CommandBatch) -> Decoded {
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
                        batch.removeAll()
                        batch.storage = empty
                        return .inline(arguments)
                    }
                    bytes.moveReaderIndex(to: start)
                    break decoding
                }
            } catch {
                // RESPProtocolError carries Redis's text without the "ERR " prefix.
                protocolError = "ERR " + error.message
                bytes.clear()
                break decoding
            }
        }
        guard !batch.isEmpty else {
            batch.removeAll()
            batch.storage = empty
            return .nothing
        }
        return .batch
    }

    private func finishBatch(_ context: ChannelHandlerContext, _ replies: ByteBuffer) {
        let hasReplies = replies.readableBytes > 0
        if hasReplies {
            session.noteReplyBytes(replies.readableBytes)
            engine.stats.netOutputBytes.add(replies.readableBytes, stripe: session.loopIndex)
        }
        if let message = protocolError {
            var replies = replies
            replies.writeRESPError(message)
            closing = true
            writer.write(replies, thenClose: true)
            return
        }
        if session.closeAfterReply {
            closing = true
            writer.write(replies, thenClose: true)
            return
        }
        if hasReplies { writer.write(replies) }
        if input != nil { processInput(context) }
    }

    private func closeWithError(_ context: ChannelHandlerContext, _ message: String) {
        closing = true
        var buffer = context.channel.allocator.buffer(capacity: message.utf8.count + 3)
        buffer.writeRESPError(message)
        writer.write(buffer, thenClose: true)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    /// Redis's address format (anetFormatAddr): `ip:port`, `[ipv6]:port`, `path:0` for Unix sockets.
    static func describe(_ address: SocketAddress) -> String {
        switch address {
        case .v4(let v4): return "\(v4.host):\(address.port ?? 0)"
        case .v6(let v6): return "[\(v6.host)]:\(address.port ?? 0)"
        case .unixDomainSocket: return "\(address.pathname ?? ""):0"
        }
    }
}
