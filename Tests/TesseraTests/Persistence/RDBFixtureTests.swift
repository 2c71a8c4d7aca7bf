import Foundation
import RESP
import Testing
@testable import Tessera

/// The files a real Redis 7.0.15 wrote (Tests/Fixtures/redis-7.0.15), each compared key by key
/// with the JSON Redis itself reported for it.
@Suite("RDB files written by Redis 7.0.15")
struct RDBFixtureTests {
    @Test("small-types.rdb loads (stream stepped over) and equals its JSON")
    func smallTypes() async throws {
        try await expectLoadMatchesJSON("small-types")
    }

    @Test("large-types.rdb loads (stream stepped over) and equals its JSON")
    func largeTypes() async throws {
        try await expectLoadMatchesJSON("large-types")
    }

    @Test("small-types.rdb is refused by default for its stream, naming the key and type, loading nothing")
    func streamRefused() async throws {
        let bytes = try fixtureBytes("small-types.rdb")
        try await withDatabase(shards: 1) { db in
            do {
                try await db.loadRDB(bytes)
                Issue.record("loaded a file holding a stream")
            } catch let error as RDBError {
                #expect(error.kind == .unsupported)
                #expect(error.description.contains("stream:small"))
                #expect(error.description.contains("stream"))
            }
            #expect(try await db.execute("DBSIZE") == .integer(0))
        }
    }

    @Test("every truncation of small-types.rdb is rejected with an error, never a crash or a partial load")
    func truncations() async throws {
        let bytes = try fixtureBytes("small-types.rdb")
        try await withDatabase(shards: 1) { db in
            for length in 0..<bytes.count {
                do {
                    try await db.loadRDB(Array(bytes[0..<length]), skipUnsupported: true)
                    Issue.record("loaded a file cut at \(length) bytes")
                } catch is RDBError {
                }
            }
            #expect(try await db.execute("DBSIZE") == .integer(0))
        }
    }

    @Test("every single-bit flip of small-types.rdb is rejected or loads soundly, never crashes")
    func bitFlips() async throws {
        let bytes = try fixtureBytes("small-types.rdb")
        try await withDatabase(shards: 1) { db in
            var rejected = 0
            for index in 9..<bytes.count - 8 {
                for bit in [0, 3, 7] {
                    var flipped = bytes
                    flipped[index] ^= UInt8(1 << bit)
                    do {
                        try await db.loadRDB(flipped, skipUnsupported: true)
                    } catch is RDBError {
                        rejected += 1
                    }
                }
            }
            // The checksum catches every flip the structure does not.
            #expect(rejected == (bytes.count - 17) * 3)
        }
    }

    func expectLoadMatchesJSON(_ name: String) async throws {
        let bytes = try fixtureBytes("\(name).rdb")
        let expected = try loadJSON("\(name).json")
        try await withDatabase(shards: 1) { db in
            let summary = try await db.loadRDB(bytes, skipUnsupported: true)
            #expect(summary.redisVersion == "7.0.15")
            let connection = db.connection()
            var count = 0
            for (database, keys) in expected {
                _ = try await connection.execute("SELECT", database)
                for (keyJSON, description) in keys {
                    guard description["type"] as? String != "stream" else { continue }
                    count += 1
                    try await expectKey(valueBytes(try parse(keyJSON)), matches: description, connection)
                }
            }
            #expect(summary.keysLoaded == count)
        }
    }

    func expectKey(_ key: [UInt8], matches description: [String: Any], _ connection: Connection) async throws {
        func run(_ words: String...) async throws -> RESPValue {
            try await connection.execute([Array(words[0].utf8)] + [key] + words.dropFirst().map { Array($0.utf8) })
        }
        let name = String(decoding: key, as: UTF8.self)
        let type = description["type"] as! String
        #expect(try await run("TYPE").string == type, "type of \(name)")
        #expect(try await connection.execute([Array("OBJECT".utf8), Array("ENCODING".utf8), key]).string
            == description["encoding"] as? String, "encoding of \(name)")
        let ttl = try await run("PTTL").integerValue ?? -3
        #expect((ttl > 0) == (description["expires"] as! Bool), "expiry of \(name)")
        let value = description["value"]!
        switch type {
        case "string":
            #expect(try await run("GET") == .bulkString(valueBytes(value)), "value of \(name)")
        case "list":
            let elements = (value as! [Any]).map { RESPValue.bulkString(valueBytes($0)) }
            #expect(try await run("LRANGE", "0", "-1") == .array(elements), "value of \(name)")
        case "set":
            let members = Set((value as! [Any]).map { valueBytes($0) })
            guard case .array(let reply) = try await run("SMEMBERS") else { Issue.record("SMEMBERS \(name)"); return }
            #expect(Set(reply.map(bulkBytes)) == members, "members of \(name)")
        case "hash":
            var pairs: [[UInt8]: [UInt8]] = [:]
            for (field, fieldValue) in value as! [String: Any] { pairs[valueBytes(try parse(field))] = valueBytes(fieldValue) }
            guard case .array(let reply) = try await run("HGETALL") else { Issue.record("HGETALL \(name)"); return }
            var found: [[UInt8]: [UInt8]] = [:]
            for index in stride(from: 0, to: reply.count, by: 2) { found[bulkBytes(reply[index])] = bulkBytes(reply[index + 1]) }
            #expect(found == pairs, "fields of \(name)")
        default:
            let pairs = value as! [[Any]]
            guard case .array(let reply) = try await run("ZRANGE", "0", "-1", "WITHSCORES") else {
                Issue.record("ZRANGE \(name)")
                return
            }
            #expect(reply.count == pairs.count * 2, "length of \(name)")
            for (index, pair) in pairs.enumerated() where index * 2 + 1 < reply.count {
                #expect(bulkBytes(reply[index * 2]) == valueBytes(pair[0]), "member \(index) of \(name)")
                // Foundation's JSON parser can be one ulp off on Linux; the RDB's binary double is exact.
                let found = Double(reply[index * 2 + 1].string ?? "") ?? .nan
                let wanted = score(pair[1]) ?? .nan
                #expect(found == wanted || abs(found - wanted) <= 1e-12 * max(1, abs(wanted)), "score \(index) of \(name)")
            }
        }
    }
}

/// The fixture JSON with Python's bare Infinity/NaN made strings JSONSerialization accepts.
func loadJSON(_ name: String) throws -> [String: [String: [String: Any]]] {
    let text = String(decoding: try fixtureBytes(name), as: UTF8.self)
    // Only bare tokens after [ , or : (never inside a string, e.g. base64 holding "NaN").
    let bare = try NSRegularExpression(pattern: "([\\[,:]\\s*)(-?Infinity|NaN)")
    let fixed = bare.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                              withTemplate: "$1\"$2\"")
    return try JSONSerialization.jsonObject(with: Data(fixed.utf8)) as! [String: [String: [String: Any]]]
}

private func parse(_ json: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(json.utf8))
}

/// {"s": text} or {"b64": base64} as bytes.
func valueBytes(_ value: Any) -> [UInt8] {
    let object = value as! [String: String]
    if let text = object["s"] { return Array(text.utf8) }
    return Array(Data(base64Encoded: object["b64"]!)!)
}

private func bulkBytes(_ value: RESPValue) -> [UInt8] {
    if case .bulkString(let bytes) = value { return bytes }
    return []
}

private func score(_ value: Any) -> Double? {
    if let text = value as? String {
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return .nan
        }
    }
    return (value as? NSNumber)?.doubleValue
}
