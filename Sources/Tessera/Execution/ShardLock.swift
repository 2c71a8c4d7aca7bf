/// A shard's admission gate for cross-shard work (design §2). A multi-shard command holds the
/// lock of every shard it touches, taken in ascending shard order, so two such commands can never
/// wait on each other in a cycle: deadlock-free by construction. While a shard is held, any other
/// work for it (a local batch, a remote batch, the expiry cycle) waits here in arrival order.
///
/// Only the owning shard's loop calls these methods.
final class ShardLock {
    private(set) var isHeld = false
    private var waiters: [() -> Void] = []
    private var head = 0

    /// Runs `body` once this shard is held for the caller, now if it is free.
    func acquire(_ body: @escaping () -> Void) {
        if !isHeld {
            isHeld = true
            body()
        } else {
            waiters.append { [unowned self] in
                self.isHeld = true
                body()
            }
        }
    }

    /// Runs `work` when the shard is not held: now, or after the holders before it release.
    @inline(__always)
    func whenFree(_ work: @escaping () -> Void) {
        if !isHeld { work() } else { waiters.append(work) }
    }

    /// Queues `work` behind the current holder; only valid while held.
    func enqueue(_ work: @escaping () -> Void) {
        precondition(isHeld)
        waiters.append(work)
    }

    func release() {
        precondition(isHeld)
        isHeld = false
        while !isHeld && head < waiters.count {
            let next = waiters[head]
            head += 1
            next()
        }
        if head == waiters.count {
            waiters.removeAll(keepingCapacity: true)
            head = 0
        }
    }
}
