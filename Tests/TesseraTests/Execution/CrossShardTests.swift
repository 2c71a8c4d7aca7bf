import RESP
import Testing
@testable import Tessera

@Suite("Cross-shard atomicity")
struct CrossShardTests {
    /// Keys that land on different shards of a 2-shard engine.
    static func keysOnBothShards(_ engine: Engine, count: Int) -> [String] {
        var perShard: [[String]] = [[], []]
        var index = 0
        while perShard[0].count < count / 2 || perShard[1].count < count - count / 2 {
            let key = "k\(index)"
            let shard = Array(key.utf8).withUnsafeBytes { engine.shardIndex(forKey: $0) }
            if perShard[shard].count < (shard == 0 ? count / 2 : count - count / 2) { perShard[shard].append(key) }
            index += 1
        }
        return perShard[0] + perShard[1]
    }

    @Test("MGET never sees half of an MSET that spans shards")
    func msetIsAtomic() async throws {
        try await withDatabase(shards: 2) { db async throws in
            let keys = Self.keysOnBothShards(db.engine, count: 10)
            try await db.execute((["MSET"] + keys.flatMap { [$0, "0"] }).map { Array($0.utf8) })
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for generation in 1...150 {
                            let value = String(writer * 1000 + generation)
                            try await db.execute((["MSET"] + keys.flatMap { [$0, value] }).map { Array($0.utf8) })
                        }
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<150 {
                            let reply = try await db.execute((["MGET"] + keys).map { Array($0.utf8) })
                            guard case .array(let values) = reply else {
                                Issue.record("MGET replied \(reply)")
                                return
                            }
                            #expect(Set(values).count == 1, "saw a mix of two MSETs: \(values)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("Commands for the same key from one connection keep their order across shards")
    func pipelineOrder() async throws {
        try await withDatabase(shards: 2) { db async throws in
            let connection = db.connection()
            let keys = Self.keysOnBothShards(db.engine, count: 4)
            for round in 0..<20 {
                for key in keys {
                    #expect(try await connection.execute("SET", key, "\(round)") == .ok)
                    #expect(try await connection.execute("GET", key) == .bulk("\(round)"))
                }
                #expect(try await connection.execute("DEL", keys[0], keys[3]) == .integer(2))
            }
        }
    }
}
