import RESP
import Tessera

/// In-process command tests run through the embedding API: the same routing, shards and
/// replies as the server, without a socket (Dragonfly's BaseFamilyTest habit).
func withDatabase(shards: Int = 2, _ body: (Database) async throws -> Void) async throws {
    // No save points: FLUSHALL and SHUTDOWN would otherwise write dump.rdb where the tests run.
    let configuration = Configuration()
    try configuration.set("save", "")
    let database = Database(configuration: configuration, shards: shards)
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
