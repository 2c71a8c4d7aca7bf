import NIOCore
import RESP
import Tessera

/// A client that runs the same one-read batch back to back through `BatchExecution` on its loop,
/// as a connection does: the batch decoded once from wire bytes, one reused completion. The next
/// batch starts as the previous one's replies arrive, so a local batch runs in a plain loop and a
/// batch waiting on another shard resumes from its reply (never recursing without bound).
///
/// All state is touched on `loop` only.
final class BatchDriver: @unchecked Sendable {
    let loop: any EventLoop
    private let execution: BatchExecution
    private let batch: CommandBatch
    private var onReplies: ((ByteBuffer) -> Void)!
    private var remaining = 0
    private var looping = false
    private var replied = false
    private var done: EventLoopPromise<Void>?
    /// Set only for a sanity check: holding the replies would make the execution's reply buffer
    /// shared, and the next batch would copy it (a connection releases it once written).
    var keepsReplies = false
    private(set) var lastReplies = ByteBuffer()

    init(engine: Engine, loopIndex: Int, request: [UInt8]) {
        loop = engine.loops[loopIndex]
        let session = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "benchmark",
                                    loopIndex: loopIndex)
        execution = BatchExecution(engine: engine, session: session, loop: loop)
        batch = BatchDriver.decode(request)
        onReplies = { [unowned self] replies in arrived(replies) }
    }

    /// Runs the batch `times` times and returns when the last replies are in. Called off the loop.
    func run(times: Int) {
        let finished = loop.makePromise(of: Void.self)
        loop.execute { [self] in
            remaining = times
            done = finished
            drive()
        }
        try! finished.futureResult.wait()
    }

    private func drive() {
        looping = true
        defer { looping = false }
        while remaining > 0 {
            replied = false
            execution.run(batch, completion: onReplies)
            // Replies still on their way from another shard: `arrived` carries on.
            guard replied else { return }
            remaining -= 1
        }
        done?.succeed(())
        done = nil
    }

    private func arrived(_ replies: ByteBuffer) {
        if keepsReplies { lastReplies = replies }
        if looping {
            replied = true
        } else {
            remaining -= 1
            drive()
        }
    }

    /// The replies of one batch (not measured).
    func replies() -> ByteBuffer {
        keepsReplies = true
        run(times: 1)
        keepsReplies = false
        defer { lastReplies = ByteBuffer() }
        return lastReplies
    }

    private static func decode(_ request: [UInt8]) -> CommandBatch {
        var bytes = ByteBuffer(bytes: request)
        var batch = CommandBatch(storage: bytes)
        var decoder = RESPRequestDecoder()
        while case .arguments(let count)? = try! decoder.decode(&bytes, into: &batch.spans) {
            batch.commands.append(.init(firstSpan: batch.spans.count - count, count: count))
        }
        return batch
    }
}
