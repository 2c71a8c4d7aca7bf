import Foundation
import NIOCore
import RESP
@testable import Tessera

/// The saved-by information tests write with.
let testSaveInfo = RDBSaveInfo(replicationID: String(repeating: "a", count: 40), replicationOffset: 0,
                               aofBase: false, usedMemory: 1_000_000, time: 1_700_000_000)

extension Database {
    /// Runs `body` on the (only) shard loop, where the stores may be touched.
    func onStoreLoop<T: Sendable>(_ body: @escaping @Sendable (Engine) throws -> T) async throws -> T {
        let engine = self.engine
        precondition(engine.shardCount == 1, "store-level RDB tests use one shard")
        return try await engine.loops[0].submit { try body(engine) }.get()
    }

    /// The dataset as an RDB file.
    func rdbBytes(compression: Bool = true, checksum: Bool = true) async throws -> [UInt8] {
        try await onStoreLoop { engine in
            try RDBFile.bytes(stores: engine.stores, databaseCount: engine.databaseCount, info: testSaveInfo,
                              compression: compression, checksum: checksum)
        }
    }

    /// Loads `bytes` in place of the dataset.
    @discardableResult
    func loadRDB(_ bytes: [UInt8], skipUnsupported: Bool = false) async throws -> RDBLoadSummary {
        try await onStoreLoop { engine in
            var options = RDBLoadOptions()
            options.skipUnsupported = skipUnsupported
            return try bytes.withUnsafeBytes { raw in
                try RDBFile.load(bytes: raw, into: engine.stores, shardOf: { engine.shardIndex(forKey: $0) },
                                 limits: engine.collectionLimits, options: options)
            }
        }
    }

    /// Every key of databases `databases` as lines (type, encoding, has-ttl, value), sorted: two
    /// datasets with equal lines hold the same data in the same encodings.
    func describe(databases: [Int]) async throws -> [String] {
        var lines: [String] = []
        let connection = self.connection()
        for database in databases {
            _ = try await connection.execute("SELECT", String(database))
            guard case .array(let keys) = try await connection.execute("KEYS", "*") else { continue }
            for case .bulkString(let key) in keys {
                let description = try await describeKey(key, connection)
                lines.append("\(database) \(String(decoding: key, as: UTF8.self)) \(key) " + description)
            }
        }
        return lines.sorted()
    }

    private func describeKey(_ key: [UInt8], _ connection: Connection) async throws -> String {
        func run(_ words: [[UInt8]]) async throws -> RESPValue { try await connection.execute(words) }
        let type = try await run([Array("TYPE".utf8), key]).string ?? "?"
        let encoding = try await run([Array("OBJECT".utf8), Array("ENCODING".utf8), key]).string ?? "?"
        let ttl = try await run([Array("PTTL".utf8), key]).integerValue ?? -3
        let value: RESPValue
        switch type {
        case "string": value = try await run([Array("GET".utf8), key])
        case "list": value = try await run([Array("LRANGE".utf8), key, Array("0".utf8), Array("-1".utf8)])
        case "set": value = Self.sorted(try await run([Array("SMEMBERS".utf8), key]))
        case "hash": value = Self.sorted(try await run([Array("HGETALL".utf8), key]), pairs: true)
        default: value = try await run([Array("ZRANGE".utf8), key, Array("0".utf8), Array("-1".utf8),
                                        Array("WITHSCORES".utf8)])
        }
        return "\(type) \(encoding) ttl:\(ttl > 0) \(value)"
    }

    private static func sorted(_ value: RESPValue, pairs: Bool = false) -> RESPValue {
        guard case .array(let items) = value else { return value }
        if !pairs { return .array(items.sorted { "\($0)" < "\($1)" }) }
        let grouped = stride(from: 0, to: items.count, by: 2).map { [items[$0], items[$0 + 1]] }
        return .array(grouped.sorted { "\($0[0])" < "\($1[0])" }.flatMap { $0 })
    }
}

/// Tests/Fixtures, found from this file's path so the tests run from any directory.
func fixtureURL(_ name: String, filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/redis-7.0.15/\(name)")
}

func fixtureBytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: fixtureURL(name)))
}
