import Synchronization
import Tessera

/// The embedded database a benchmark's setup opens and its teardown closes (teardown hooks get
/// no setup state, so the handle is kept here).
enum EngineHandle {
    private static let current = Mutex<Database?>(nil)

    static func start(shards: Int) -> Engine {
        let database = Database(shards: shards)
        current.withLock { $0 = database }
        return database.engine
    }

    static var database: Database {
        current.withLock { $0! }
    }

    static func stop() async throws {
        let database = current.withLock { database in
            defer { database = nil }
            return database
        }
        try await database?.close()
    }
}
