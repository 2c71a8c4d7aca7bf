import Atomics
import NIOConcurrencyHelpers

/// Every connected client, for CLIENT LIST / KILL / INFO clients, and the id counter.
public final class ClientRegistry: @unchecked Sendable {
    private let lock = NIOLock()
    private var clients: [Int64: ClientSession] = [:]
    private let nextID = ManagedAtomic<Int64>(1)
    public let totalConnections = ManagedAtomic<Int>(0)
    public let rejectedConnections = ManagedAtomic<Int>(0)

    public func makeID() -> Int64 { nextID.loadThenWrappingIncrement(ordering: .relaxed) }

    public func register(_ session: ClientSession) {
        totalConnections.wrappingIncrement(ordering: .relaxed)
        lock.withLock { clients[session.id] = session }
    }

    public func unregister(_ session: ClientSession) {
        _ = lock.withLock { clients.removeValue(forKey: session.id) }
    }

    public var count: Int { lock.withLock { clients.count } }

    public func snapshot() -> [ClientSession] {
        lock.withLock { clients.values.sorted { $0.id < $1.id } }
    }

    public func session(id: Int64) -> ClientSession? {
        lock.withLock { clients[id] }
    }
}
