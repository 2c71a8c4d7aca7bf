import RESP
import Tessera

/// In-process command tests run through the embedding API: the same routing, shards and
/// replies as the server, without a socket (Dragonfly's BaseFamilyTest habit).
func withDatabase(shards: Int = 2, _ body: (Database) async throws -> Void) async throws {
    let database = Database(shards: shards)
    do {
        try await body(database)
    } catch {
        try await database.close()
        throw error
    }
    try await database.close()
}

extension RESPValue {
    static func bulk(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }
    static let ok = RESPValue.simpleString("OK")
}
