#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The child's whole life after `fork()`. Only the forking thread exists in the child, and any
/// lock another thread held at the fork stays held forever, so the body may use syscalls,
/// malloc and the RDB writer only: no event loop, actor, `async`, lock, stdio, `localtime`,
/// Foundation or logging.
enum ChildEntry {
    /// Runs `body` (its exit status: 0 for success), writes the copy-on-write bytes to
    /// `reportFD` (one Int, read by the parent after it reaps us), and `_exit`s.
    static func run(_ body: () -> Int32, reportingTo reportFD: Int32) -> Never {
        // The parent stops a child with SIGUSR1 (killChild); its default action ends us, even
        // if the forking thread had it blocked.
        signal(SIGUSR1, SIG_DFL)
        var stopSignal = sigset_t()
        sigemptyset(&stopSignal)
        sigaddset(&stopSignal, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &stopSignal, nil)
        closeInheritedDescriptors(keeping: reportFD)
        let status = body()
        var copied = status == 0 ? CopyOnWriteMeter.privateDirtyBytes() : 0
        _ = withUnsafeBytes(of: &copied) { write(reportFD, $0.baseAddress, $0.count) }
        _exit(status)
    }

    /// Closes every descriptor but stdio and `kept`: above all the listening sockets, so a
    /// child that outlives a killed parent does not keep its port (Redis's
    /// closeChildUnusedResourceAfterFork).
    static func closeInheritedDescriptors(keeping kept: Int32) {
        guard let directory = opendir("/proc/self/fd") else { return }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let fd = withUnsafeBytes(of: entry.pointee.d_name) { name -> Int32 in
                var value: Int32 = 0
                for byte in name {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return byte == 0 ? value : -1 }
                    value = value * 10 + Int32(byte - UInt8(ascii: "0"))
                }
                return value
            }
            if fd > 2 && fd != kept && fd != own { close(fd) }
        }
        closedir(directory)
    }
}
