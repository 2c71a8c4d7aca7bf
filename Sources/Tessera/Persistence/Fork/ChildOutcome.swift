#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child ended, as the parent learns it from `waitpid` and the report pipe.
public enum ChildOutcome: Sendable, Equatable {
    /// Exit status 0, with the copy-on-write bytes the child reported.
    case succeeded(copyOnWriteBytes: Int)
    /// A non-zero exit status: the child found an error (and logged nothing: it cannot).
    case failed(exitCode: Int32)
    /// Ended by a signal: `kill -9`, or SIGUSR1 from `ForkCoordinator.killChild`.
    case killed(signal: Int32)

    /// Decodes a `waitpid` status (the WIFEXITED / WEXITSTATUS / WTERMSIG macros, which Swift
    /// does not import).
    init(waitStatus status: Int32, copyOnWriteBytes: Int) {
        let signal = status & 0x7F
        if signal == 0 {
            let code = (status >> 8) & 0xFF
            self = code == 0 ? .succeeded(copyOnWriteBytes: copyOnWriteBytes) : .failed(exitCode: code)
        } else {
            self = .killed(signal: signal)
        }
    }

    /// Whether a killed child was stopped on purpose (SIGUSR1), which Redis does not count as a
    /// failed save.
    public var wasStoppedOnPurpose: Bool { self == .killed(signal: SIGUSR1) }
}
