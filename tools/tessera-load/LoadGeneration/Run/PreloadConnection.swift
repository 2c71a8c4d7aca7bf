import NIOCore

/// A preload connection: claims a range of keys, SETs each under every key name the workload
/// uses in one pipelined write, and claims the next range once all the replies are in.
final class PreloadConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Start: Sendable {}

    /// Keys per pipelined write: big enough to amortise the round trip, small enough to keep
    /// every connection busy until the end.
    static let keysPerBatch: UInt64 = 128

    private let control: PreloadControl
    private let templates: [CommandTemplate]
    private var skipper = ReplySkipper()
    private var outstanding = 0
    private var batchSize = 0
    private var batchErrors = 0
    private var outgoing = ByteBuffer()

    init(control: PreloadControl, templates: [CommandTemplate]) {
        self.control = control
        self.templates = templates
    }

    func handlerAdded(context: ChannelHandlerContext) {
        outgoing = context.channel.allocator.buffer(capacity: 16_384)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is Start else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        sendBatch(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { bytes in
                try skipper.consume(bytes) { isError in
                    outstanding -= 1
                    if isError { batchErrors += 1 }
                }
            }
        } catch {
            control.fail(LoadConnection.ConnectionLost(description: "unreadable reply during preload: \(error)"))
            context.close(promise: nil)
            return
        }
        if outstanding == 0 && batchSize > 0 {
            control.acknowledge(sets: batchSize, errors: batchErrors)
            sendBatch(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        control.fail(LoadConnection.ConnectionLost(description: "the server closed a connection during preload"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        control.fail(LoadConnection.ConnectionLost(description: "connection error during preload: \(error)"))
        context.close(promise: nil)
    }

    private func sendBatch(context: ChannelHandlerContext) {
        batchSize = 0
        batchErrors = 0
        guard let keys = control.claim(Self.keysPerBatch) else { return }
        outgoing.clear()
        for key in keys {
            var source = FixedKey(key)
            for template in templates { template.write(into: &outgoing, keys: &source) }
        }
        batchSize = keys.count * templates.count
        outstanding = batchSize
        context.writeAndFlush(wrapOutboundOut(outgoing), promise: nil)
    }
}
