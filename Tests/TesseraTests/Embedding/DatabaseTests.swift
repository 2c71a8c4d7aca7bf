import RESP
import Testing
import Tessera

@Suite("Embedding API")
struct DatabaseTests {
    @Test("execute runs commands without a socket and returns typed replies")
    func execute() async throws {
        let db = Database(shards: 2)
        #expect(try await db.execute("SET", "greeting", "hello") == .simpleString("OK"))
        #expect(try await db.get("greeting") == Array("hello".utf8))
        #expect(try await db.get("missing") == nil)
        #expect(try await db.execute("NOSUCH") == .error("ERR unknown command 'NOSUCH', with args beginning with: "))
        try await db.set("a", "1")
        #expect(try await db.delete("a", "greeting", "missing") == 2)
        try await db.close()
    }

    @Test("many tasks may call one Database at once")
    func concurrentCalls() async throws {
        let db = Database(shards: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for index in 0..<200 { try await db.set("t\(task):\(index)", "\(index)") }
                }
            }
            try await group.waitForAll()
        }
        for task in 0..<16 {
            #expect(try await db.get("t\(task):199") == Array("199".utf8))
        }
        #expect(try await db.execute("DBSIZE") == .integer(16 * 200))
        try await db.close()
    }

    @Test("a Connection keeps its session between calls")
    func connectionSession() async throws {
        let db = Database(shards: 2)
        let connection = db.connection()
        #expect(try await connection.execute("SELECT", "3") == .simpleString("OK"))
        #expect(try await connection.execute("SET", "k", "in three") == .simpleString("OK"))
        #expect(try await db.get("k") == nil)
        #expect(try await connection.execute("GET", "k") == .bulkString(Array("in three".utf8)))
        try await db.close()
    }
}
