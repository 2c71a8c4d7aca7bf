import Atomics
import NIOCore
import Tessera

/// The connection limits every handler reads on each batch, mirrored from the configuration
/// into atomics so CONFIG SET applies to connected clients without a lock on the hot path.
final class ServerLimits: Sendable {
    private let maxBulk = ManagedAtomic<Int>(512 << 20)
    private let queryLimit = ManagedAtomic<Int>(1 << 30)
    private let clientLimit = ManagedAtomic<Int>(10000)
    private let protectedMode = ManagedAtomic<Bool>(true)

    init(configuration: Configuration) {
        for name in ["proto-max-bulk-len", "client-query-buffer-limit", "maxclients", "protected-mode"] {
            apply(name, configuration[name] ?? "")
        }
        configuration.onChange { [weak self] name, value in self?.apply(name, value) }
    }

    private func apply(_ name: String, _ value: String) {
        switch name {
        case "proto-max-bulk-len": maxBulk.store(Int(value) ?? maxBulk.load(ordering: .relaxed), ordering: .relaxed)
        case "client-query-buffer-limit": queryLimit.store(Int(value) ?? queryLimit.load(ordering: .relaxed), ordering: .relaxed)
        case "maxclients": clientLimit.store(Int(value) ?? clientLimit.load(ordering: .relaxed), ordering: .relaxed)
        case "protected-mode": protectedMode.store(value == "yes", ordering: .relaxed)
        default: break
        }
    }

    var protoMaxBulkLength: Int { maxBulk.load(ordering: .relaxed) }
    var queryBufferLimit: Int { queryLimit.load(ordering: .relaxed) }
    var maxClients: Int { clientLimit.load(ordering: .relaxed) }

    /// Redis 7's protected mode: with no password set, only loopback clients are served.
    func protectedModeDenial(for address: SocketAddress?, passwordSet: Bool) -> String? {
        guard protectedMode.load(ordering: .relaxed), !passwordSet, let address else { return nil }
        switch address {
        case .v4(let v4) where v4.host.hasPrefix("127."): return nil
        case .v6(let v6) where v6.host == "::1" || v6.host.hasPrefix("::ffff:127."): return nil
        case .unixDomainSocket: return nil
        default: return ServerLimits.protectedModeMessage
        }
    }

    static let protectedModeMessage = "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside."
}
