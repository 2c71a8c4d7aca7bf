#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raises RLIMIT_NOFILE to fit `maxclients` plus the server's own descriptors, as redis-server
/// does at start ("Increased maximum number of open files to 10032").
public enum FileDescriptorLimit {
    static let reserved = 32
    #if os(Linux)
    static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    static let resource = RLIMIT_NOFILE
    #endif

    /// Returns the limit now in force.
    @discardableResult
    public static func raise(toServe maxClients: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        let wanted = rlim_t(maxClients + reserved)
        if limit.rlim_cur >= wanted { return Int(limit.rlim_cur) }
        var raised = limit
        raised.rlim_cur = min(wanted, limit.rlim_max)
        if setrlimit(resource, &raised) == 0 { return Int(raised.rlim_cur) }
        return Int(limit.rlim_cur)
    }
}
