import NIOCore

/// Sends the replies of one event-loop iteration after all of that iteration's reads, as Redis
/// does from `beforeSleep` (handleClientsWithPendingWrites): every connection with replies
/// waiting is sent in one pass, once NIO has handed over every readable socket from the same
/// `epoll_wait`.
///
/// NIO runs the tasks queued with `execute` after the I/O events of an iteration, so one queued
/// task per iteration that has replies is that pass. Writers register here through
/// `ReplyWriter.write`; one flusher serves all the connections of a loop.
final class ReplyFlusher: @unchecked Sendable {
    // @unchecked: used only on `loop` (checked in debug builds); shared by the loop's connections.
    private let loop: any EventLoop
    private var waiting: [ReplyWriter] = []
    /// The list being sent, kept so that swapping the two lists allocates nothing.
    private var sending: [ReplyWriter] = []
    /// Made once, so a pass costs no closure allocation. It holds the flusher weakly so that the
    /// two do not keep each other alive; the flusher is retained rarely, so the side table a
    /// weak reference gives it costs nothing on the hot path.
    private var sendTask: (@Sendable () -> Void)!

    init(loop: any EventLoop) {
        self.loop = loop
        waiting.reserveCapacity(64)
        sending.reserveCapacity(64)
        sendTask = { [weak self] in self?.sendWaiting() }
    }

    /// `writer` has replies to send at the end of this iteration.
    func enqueue(_ writer: ReplyWriter) {
        loop.assertInEventLoop()
        if waiting.isEmpty { loop.execute(sendTask) }
        waiting.append(writer)
    }

    private func sendWaiting() {
        swap(&waiting, &sending)
        for writer in sending { writer.sendPending() }
        sending.removeAll(keepingCapacity: true)
    }
}
