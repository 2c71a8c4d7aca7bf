#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers

/// The live configuration: every directive's current value, as CONFIG GET shows it. Shared by
/// all loops, so guarded by a lock; values read on the hot path are mirrored into plain fields
/// of their consumers when they change (see `onChange`).
public final class Configuration: @unchecked Sendable {
    private let lock = NIOLock()
    private var values: [String: String] = [:]
    private var observers: [@Sendable (String, String) -> Void] = []
    private var filePath: String?
    public let parameters: [String: ConfigParameter]
    /// Parameters in table order, for CONFIG GET * and CONFIG REWRITE.
    public let ordered: [ConfigParameter]

    public init(parameters: [ConfigParameter] = ConfigParameters.all) {
        var byName: [String: ConfigParameter] = [:]
        for parameter in parameters {
            byName[parameter.name] = parameter
            for alias in parameter.aliases { byName[alias] = parameter }
        }
        self.parameters = byName
        self.ordered = parameters
        for parameter in parameters { values[parameter.name] = parameter.defaultValue }
    }

    /// The absolute path of the config file the server started with (Redis's server.configfile),
    /// which CONFIG REWRITE rewrites; nil when started without one.
    public var file: String? {
        get { lock.withLock { filePath } }
        set { lock.withLock { filePath = newValue } }
    }

    public subscript(name: String) -> String? {
        guard let parameter = parameters[name.lowercased()] else { return nil }
        return lock.withLock { values[parameter.name] }
    }

    /// The value CONFIG GET reports: the stored one, except `dir`, which is the working
    /// directory itself (Redis answers getcwd()).
    public func reported(_ parameter: ConfigParameter) -> String {
        if parameter.name == "dir", let cwd = Configuration.workingDirectory() { return cwd }
        return lock.withLock { values[parameter.name] ?? "" }
    }

    /// Sets one directive (from the command line, a config file, or CONFIG SET when
    /// `runtime` is true, which refuses immutable ones).
    public func set(_ name: String, _ value: String, runtime: Bool = false) throws(ConfigError) {
        guard let parameter = parameters[name.lowercased()] else { throw .unknown(name) }
        if runtime && !parameter.mutable { throw .immutable(parameter.name) }
        do {
            try set([(parameter, value)])
        } catch {
            throw error.error
        }
    }

    /// A directive and why its new value was refused.
    public struct AssignmentError: Error, Sendable {
        public let parameter: ConfigParameter
        public let error: ConfigError
    }

    /// Sets several directives at once: every value is checked first, and either all are stored
    /// (then observers hear of each) or none is (CONFIG SET's all-or-nothing).
    public func set(_ assignments: [(ConfigParameter, String)]) throws(AssignmentError) {
        var normalized: [(ConfigParameter, String)] = []
        for (parameter, value) in assignments {
            switch parameter.normalize(value) {
            case .success(let text): normalized.append((parameter, text))
            case .failure(let error): throw AssignmentError(parameter: parameter, error: error)
            }
        }
        let observers = lock.withLock { () -> [@Sendable (String, String) -> Void] in
            for (parameter, value) in normalized { values[parameter.name] = value }
            return self.observers
        }
        for (parameter, value) in normalized {
            for observer in observers { observer(parameter.name, value) }
        }
    }

    /// Calls `observer` after every change, with the canonical name and value.
    public func onChange(_ observer: @escaping @Sendable (String, String) -> Void) {
        lock.withLock { observers.append(observer) }
    }

    public func integer(_ name: String) -> Int64 {
        Int64(self[name] ?? "") ?? 0
    }

    public func bool(_ name: String) -> Bool {
        self[name] == "yes"
    }

    /// Name/value pairs whose name (or alias) matches the glob `pattern`, in table order; hidden
    /// directives never match a glob (Redis's HIDDEN_CONFIG).
    public func matching(_ pattern: String) -> [(String, String)] {
        let glob = Array(pattern.utf8)
        var result: [(String, String)] = []
        for parameter in ordered where !parameter.hidden {
            for name in [parameter.name] + parameter.aliases
            where GlobPattern.matches(pattern: glob, Array(name.utf8), ignoringCase: true) {
                result.append((name, reported(parameter)))
            }
        }
        return result
    }

    /// Directives whose value differs from the default, in table order (what CONFIG REWRITE
    /// must write even when the file does not mention them).
    func changed() -> [ConfigParameter] {
        lock.withLock { ordered.filter { values[$0.name] != $0.defaultValue } }
    }

    static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
