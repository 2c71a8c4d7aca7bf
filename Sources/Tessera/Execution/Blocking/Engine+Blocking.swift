import NIOCore
import RESP

/// What a blocking command asks for when it finds nothing to take (CommandContext.block).
struct BlockRequest {
    /// Argument indexes of the keys to wait for.
    var keyIndexes: [Int]
    /// Unix milliseconds; 0 waits forever.
    var deadline: Int64
    var timeoutReply: BlockedClient.TimeoutReply
}

/// Blocking commands across shards (Execution/README.md, "Blocking"). A blocked client is
/// registered on the shard of each key it waits for, in arrival order. After any command that
/// wrote such a key, that shard *serves* it: claims the first waiting client and runs its
/// command again — on the spot when all the command's shards are at hand, else under their
/// locks like any multi-shard command. Served or not, the outcome is decided by one claim.
extension Engine {
    /// Registers the client whose command just asked to block. The caller runs where every shard
    /// of the command's keys is at hand (its own loop, or holding them), so no write can slip
    /// between the command finding nothing and the client being registered.
    func registerBlocked(_ request: BlockRequest, _ spec: CommandSpec, _ arguments: Arguments, db: Int,
                         resp: RESPVersion, session: ClientSession?) -> BlockedClient {
        let watched = request.keyIndexes.map { (shard: shardIndex(forKey: arguments[$0]), key: Array(arguments[$0])) }
        var touched = Set(watched.map(\.shard))
        spec.forEachKeyIndex(arguments) { touched.insert(shardIndex(forKey: arguments[$0])) }
        let home = session.map { loops[$0.loopIndex] } ?? currentLoop
        let client = BlockedClient(
            engine: self, session: session, homeLoop: home, work: RemoteWork.single(spec, arguments, db: db, resp: resp),
            watched: watched, shards: touched.sorted(), deadline: request.deadline,
            timeoutReply: request.timeoutReply, resp: resp)
        for (shard, key) in watched { stores[shard].blocking.add(client, db: db, key: key) }
        clients.blockedCount.wrappingIncrement(ordering: .relaxed)
        session?.blockedClient = client
        session?.updateFlag(.blocked, true)
        return client
    }

    /// Takes a finished client out of every registry it is in (the lazy sweep in
    /// `BlockingRegistry.firstWaiting` covers the time until each shard gets to it).
    func forget(_ client: BlockedClient) {
        clients.blockedCount.wrappingDecrement(ordering: .relaxed)
        if let session = client.session {
            session.clearBlockedClient(client)
            session.updateFlag(.blocked, false)
        }
        let db = client.work.commands[0].db
        for (shard, key) in client.watched {
            let store = stores[shard]
            onShardLoop(shard) { store.lock.whenFree { store.blocking.remove(client, db: db, key: key) } }
        }
    }

    /// Serves the ready keys of every shard in `held` (all of them held by the caller) until none
    /// is left: a served BLMOVE may make its target key ready on another of them.
    func serveBlockedClients(holding held: [Int]) {
        while let index = held.first(where: { stores[$0].blocking.hasReadyKeys && !stores[$0].blocking.isServing }) {
            serveBlockedClients(onShard: index, holding: held)
        }
    }

    /// Serves the clients blocked on shard `index`'s ready keys, first come first served. The
    /// caller may touch shard `index` and the shards in `held`.
    func serveBlockedClients(onShard index: Int, holding held: [Int]) {
        let registry = stores[index].blocking
        guard !registry.isServing else { return }
        registry.isServing = true
        defer { registry.isServing = false }
        while let ref = registry.takeReadyKey() {
            var skipped = 0
            while let client = registry.firstWaiting(on: ref, after: skipped) {
                guard client.claim() else {
                    // Being served elsewhere: it looks again if that attempt comes back empty.
                    client.noteMissedWake()
                    skipped += 1
                    continue
                }
                guard client.shards.allSatisfy({ $0 == index || held.contains($0) }) else {
                    serveAcrossShards(client)
                    skipped += 1
                    continue
                }
                let pinned = client.shards == [index] ? index : -1
                guard let reply = rerun(client, pinnedShard: pinned) else {
                    // Nothing (left) for it, nor for those behind it.
                    client.returnToWaiting()
                    break
                }
                client.finish(with: reply)
            }
        }
    }

    /// Serves a client whose command spans shards the caller does not hold. Started from a
    /// fresh task: taking the locks from here could take this very shard's lock inline, after
    /// which the serve pass (and the batch around it) would go on touching a shard that the
    /// holder's loop is touching too.
    private func serveAcrossShards(_ client: BlockedClient) {
        client.homeLoop.execute { [self] in
            runHoldingShards(client.shards, origin: client.homeLoop) { [self] in
                rerun(client, pinnedShard: -1)
            } completion: { reply in
                if let reply { client.finish(with: reply) } else { client.returnToWaiting() }
            }
        }
    }

    /// Runs a blocked client's command again; nil when it would still block.
    private func rerun(_ client: BlockedClient, pinnedShard: Int) -> ByteBuffer? {
        let work = client.work
        let command = work.commands[0]
        var reply = ByteBuffer()
        var clock = CommandClock()
        clock.start()
        let counter = stores[currentShardIndex]
        let outcome = work.storage.withVeryUnsafeBytes { raw in
            work.spans.withUnsafeBufferPointer { spans in
                CommandInvocation.run(
                    command.spec, Arguments(base: raw.baseAddress!, spans: UnsafeBufferPointer(rebasing: spans[0..<command.count])),
                    into: &reply, placeholder: ByteBuffer(), engine: self, pinnedShard: pinnedShard, db: command.db,
                    resp: work.resp, session: client.session, clock: &clock, countedIn: counter, blockMode: .retry)
            }
        }
        return outcome.wouldBlock ? nil : reply
    }

    /// After a failed cross-shard attempt during which a push skipped the client: look again.
    func recheck(_ client: BlockedClient) {
        let db = client.work.commands[0].db
        for (shard, key) in client.watched {
            let store = stores[shard]
            onShardLoop(shard) {
                store.lock.whenFree {
                    key.withUnsafeBytes { store.blocking.markReady(db: db, key: $0) }
                    self.serveBlockedClients(onShard: shard, holding: [])
                }
            }
        }
    }

    var currentShardIndex: Int { loops.firstIndex { $0.inEventLoop } ?? 0 }
    var currentLoop: any EventLoop { loops.first { $0.inEventLoop } ?? loops[0] }
}
