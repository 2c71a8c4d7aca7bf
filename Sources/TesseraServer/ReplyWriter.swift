import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends a connection's replies with one `send(2)` on its socket, at the end of the loop
/// iteration (`ReplyFlusher`), while NIO holds none of its bytes unwritten, the way Redis writes
/// from `beforeSleep`. NIO's outbound path from `writeAndFlush` to `write(2)` (pipeline walk,
/// pending-writes queue, promise bookkeeping) was about 7% of the server's CPU per request at
/// `-P 1` (perf, SET from redis-benchmark).
///
/// Whatever does not go out at once (a full socket buffer, a partial write, an error) goes
/// through NIO, and so does everything after it until NIO reports all of it written: bytes never
/// reorder, and NIO alone handles back-pressure and closes on errors.
///
/// SwiftNIO does not expose a channel's descriptor; its `SocketChannel` prints it
/// (`BaseSocket { fd=N }`). A channel that does not (a test channel) always uses NIO. The
/// descriptor is forgotten before NIO can reuse it: NIO closes a socket and then, before any
/// other user code runs, fails the pending writes and fires `channelInactive`, and each of those
/// calls `invalidate()`.
final class ReplyWriter {
    private(set) var descriptor: CInt?
    /// Writes handed to NIO and not yet completed.
    private var writesInNIO = 0
    /// Held for the connection's life, like the handler's context: NIO drops the handler, and
    /// with it this writer, when the channel closes.
    private let channel: Channel
    private let flusher: ReplyFlusher
    /// Replies waiting for the end of this loop iteration (see `ReplyFlusher`), in order.
    private var pending: ByteBuffer?
    private var closeAfterPending = false

    init(channel: Channel, flusher: ReplyFlusher) {
        descriptor = Self.descriptor(describedIn: String(describing: channel))
        self.channel = channel
        self.flusher = flusher
    }

    /// The socket is closing: from now on NIO alone writes (and fails) what is left.
    func invalidate() {
        descriptor = nil
    }

    /// Queues `buffer` to be sent at the end of this loop iteration, after what was queued
    /// before it, then closes the channel once it is written if `thenClose`; must run on the
    /// channel's loop.
    func write(_ buffer: ByteBuffer, thenClose: Bool = false) {
        if pending == nil {
            pending = buffer
            flusher.enqueue(self)
        } else {
            pending!.writeImmutableBuffer(buffer)
        }
        if thenClose { closeAfterPending = true }
    }

    /// Sends what `write` queued: called by the flusher.
    func sendPending() {
        guard var buffer = pending else { return }
        let thenClose = closeAfterPending
        pending = nil
        closeAfterPending = false
        if writesInNIO == 0, let descriptor {
            let sent = buffer.withUnsafeReadableBytes { bytes in
                send(descriptor, bytes.baseAddress, bytes.count, Self.sendFlags)
            }
            if sent == buffer.readableBytes {
                if thenClose { channel.close(promise: nil) }
                return
            }
            if sent > 0 { buffer.moveReaderIndex(forwardBy: sent) }
        }
        writesInNIO += 1
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.assumeIsolated().whenComplete { [self] result in
            writesInNIO -= 1
            if case .failure = result { invalidate() }
            if thenClose { channel.close(promise: nil) }
        }
        channel.writeAndFlush(buffer, promise: promise)
    }

    #if os(Linux)
    private static let sendFlags = CInt(MSG_NOSIGNAL)
    #else
    private static let sendFlags: CInt = 0
    #endif

    /// The `N` of `fd=N` in a SwiftNIO channel's description.
    static func descriptor(describedIn description: String) -> CInt? {
        let text = Array(description.utf8)
        let marker = Array("fd=".utf8)
        guard text.count > marker.count,
              let start = (0...(text.count - marker.count)).first(where: { text[$0..<$0 + marker.count].elementsEqual(marker) })
        else { return nil }
        var value: CInt = 0
        var index = start + marker.count
        while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
            guard value < CInt.max / 10 else { return nil }
            value = value * 10 + CInt(text[index] - UInt8(ascii: "0"))
            index += 1
        }
        return index > start + marker.count ? value : nil
    }
}
