import NIOCore
import RESP
import Tessera

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Refused at admission (maxclients): answered and closed once active.
    private var rejected = false
    /// Made once per connection so a batch costs no closure allocation.
    private var batchDone: ((ByteBuffer) -> Void)?
    private let empty = ByteBuffer()

    init(engine: Engine, limits: ServerLimits) {
        self.engine = engine
        self.limits = limits
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
        let owner = WeakSession(session)
        session.monitorSink = { lines in
            loop.execute {
                guard let session = owner.session, session.replyMode != .off else { return }
                channel.writeAndFlush(lines, promise: nil)
            }
        }
        self.session = session
        execution = BatchExecution(engine: engine, session: session, loop: loop)
        batchDone = { [unowned self] replies in self.finishBatch(context, replies) }
        engine.clients.installDescriptorLookup(SocketDescriptors.lookup)
        let logger = engine.logger
        engine.clients.startIdleSweeper(on: engine.loops[0], configuration: engine.configuration) { message in
            logger.debug("\(message)")
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // Also covers a channel closed before it ever became active.
        if let session { engine.clients.unregister(session) }
        // The completion closure captures the context: break the cycle when the channel goes.
        batchDone = nil
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
        if let session { engine.clients.unregister(session) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        engine.stats.netInputBytes.add(bytes.readableBytes, stripe: session?.loopIndex ?? 0)
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
                // RESPProtocolError carries Redis's text without the "ERR " prefix.
                protocolError = "ERR " + error.message
                bytes.clear()
                break decoding
            }
        }
        input = bytes.readableBytes > 0 ? bytes.slice() : nil
        guard !batch.isEmpty else {
            batch.storage = empty
            if protocolError != nil { finishBatch(context, empty) }
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
        let hasReplies = replies.readableBytes > 0
        if hasReplies {
            session.noteReplyBytes(replies.readableBytes)
            engine.stats.netOutputBytes.add(replies.readableBytes, stripe: session.loopIndex)
        }
        if let message = protocolError {
            if hasReplies { context.write(wrapOutboundOut(replies), promise: nil) }
            closeWithError(context, message)
            return
        }
        if session.closeAfterReply {
            closing = true
            context.writeAndFlush(wrapOutboundOut(replies), promise: nil)
            context.close(promise: nil)
            return
        }
        // One pipeline pass for the write and its flush: the batch's single flush.
        if hasReplies { context.writeAndFlush(wrapOutboundOut(replies), promise: nil) }
        if input != nil { processInput(context) }
    }

    private func closeWithError(_ context: ChannelHandlerContext, _ message: String) {
        closing = true
        var buffer = context.channel.allocator.buffer(capacity: message.utf8.count + 3)
        buffer.writeRESPError(message)
        context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
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

/// The session a MONITOR sink writes for, without keeping it alive (the session owns the sink).
final class WeakSession: Sendable {
    weak let session: ClientSession?
    init(_ session: ClientSession) { self.session = session }
}

/// The file descriptors of this process's TCP sockets, found by their addresses, for CLIENT
/// LIST's `fd` (SwiftNIO does not expose a channel's descriptor). One scan of /proc/self/fd per
/// CLIENT LIST that meets a client whose descriptor is not known yet; elsewhere, none.
enum SocketDescriptors {
    @Sendable
    static func lookup() -> [String: Int] {
        #if os(Linux)
        guard let directory = opendir("/proc/self/fd") else { return [:] }
        defer { closedir(directory) }
        var found: [String: Int] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let fd = Int32(name), let local = address(fd, peer: false), let remote = address(fd, peer: true) else {
                continue
            }
            found[ClientRegistry.socketKey(local: local, remote: remote)] = Int(fd)
        }
        return found
        #else
        return [:]
        #endif
    }

    /// The socket's own (or peer) address in `ConnectionHandler.describe`'s format.
    private static func address(_ fd: Int32, peer: Bool) -> String? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                peer ? getpeername(fd, address, &length) : getsockname(fd, address, &length)
            }
        }
        guard result == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        func host() -> String {
            String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                    var address = v4.pointee.sin_addr
                    guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return nil }
                    return "\(host()):\(UInt16(bigEndian: v4.pointee.sin_port))"
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    var address = v6.pointee.sin6_addr
                    guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return nil }
                    return "[\(host())]:\(UInt16(bigEndian: v6.pointee.sin6_port))"
                }
            }
        default:
            return nil
        }
    }
}
