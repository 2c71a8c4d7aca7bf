import NIOCore
import NIOEmbedded
import Testing
@testable import TesseraServer

/// Replies wait for the end of the loop iteration and then leave in order, coalesced per
/// connection. An `EmbeddedChannel` has no descriptor, so these writes take NIO's path, which
/// is also the path for whatever a direct `send(2)` could not finish.
@Suite("Reply writer and flusher")
struct ReplyWriterTests {
    private func outbound(_ channel: EmbeddedChannel) throws -> [String] {
        var sent: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            sent.append(String(buffer: buffer))
        }
        return sent
    }

    @Test("replies leave once the loop runs its tasks, a connection's writes of one iteration as one buffer, in order")
    func coalescesUntilTheIterationEnds() throws {
        let channel = EmbeddedChannel()
        let loop = channel.embeddedEventLoop
        let writer = ReplyWriter(channel: channel, flusher: ReplyFlusher(loop: loop))
        #expect(writer.descriptor == nil)
        writer.write(ByteBuffer(string: "+OK\r\n"))
        writer.write(ByteBuffer(string: ":1\r\n"))
        #expect(try outbound(channel).isEmpty)
        loop.run()
        #expect(try outbound(channel) == ["+OK\r\n:1\r\n"])
        writer.write(ByteBuffer(string: "$1\r\nx\r\n"))
        loop.run()
        #expect(try outbound(channel) == ["$1\r\nx\r\n"])
        _ = try channel.finish()
    }

    @Test("one pass sends every connection of the loop that has replies waiting")
    func onePassServesEveryConnection() throws {
        let first = EmbeddedChannel()
        let loop = first.embeddedEventLoop
        let second = EmbeddedChannel(loop: loop)
        let flusher = ReplyFlusher(loop: loop)
        let writers = [ReplyWriter(channel: first, flusher: flusher), ReplyWriter(channel: second, flusher: flusher)]
        writers[1].write(ByteBuffer(string: "+second\r\n"))
        writers[0].write(ByteBuffer(string: "+first\r\n"))
        loop.run()
        #expect(try outbound(first) == ["+first\r\n"])
        #expect(try outbound(second) == ["+second\r\n"])
        _ = try first.finish()
        _ = try second.finish()
    }

    @Test("a write that closes sends what was queued before it, then closes the channel")
    func closesAfterTheQueuedReplies() throws {
        let channel = EmbeddedChannel()
        let loop = channel.embeddedEventLoop
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        let writer = ReplyWriter(channel: channel, flusher: ReplyFlusher(loop: loop))
        writer.write(ByteBuffer(string: "+OK\r\n"))
        writer.write(ByteBuffer(string: "-ERR Protocol error\r\n"), thenClose: true)
        #expect(channel.isActive)
        loop.run()
        #expect(try outbound(channel) == ["+OK\r\n-ERR Protocol error\r\n"])
        #expect(!channel.isActive)
    }

    @Test("the descriptor is read from a SwiftNIO socket channel's description")
    func descriptorFromDescription() {
        #expect(ReplyWriter.descriptor(describedIn: "SocketChannel { BaseSocket { fd=42 }, active = true }") == 42)
        #expect(ReplyWriter.descriptor(describedIn: "EmbeddedChannel") == nil)
        #expect(ReplyWriter.descriptor(describedIn: "fd=") == nil)
        #expect(ReplyWriter.descriptor(describedIn: "fd=99999999999999") == nil)
    }
}
