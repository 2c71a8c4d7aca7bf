import NIOConcurrencyHelpers

/// The live configuration: every directive's current value, as CONFIG GET shows it. Shared by
/// all loops, so guarded by a lock; values read on the hot path are mirrored into plain fields
/// of their consumers when they change (see `onChange`).
public final class Configuration: @unchecked Sendable {
    private let lock = NIOLock()
    private var values: [String: String] = [:]
    private var observers: [@Sendable (String, String) -> Void] = []
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

    public subscript(name: String) -> String? {
        guard let parameter = parameters[name.lowercased()] else { return nil }
        return lock.withLock { values[parameter.name] }
    }

    /// Sets one directive (from the command line, a config file, or CONFIG SET when
    /// `runtime` is true, which refuses immutable ones).
    public func set(_ name: String, _ value: String, runtime: Bool = false) throws(ConfigError) {
        guard let parameter = parameters[name.lowercased()] else { throw .unknown(name) }
        if runtime && !parameter.mutable { throw .immutable(parameter.name) }
        let normalized: String
        switch parameter.normalize(value) {
        case .success(let text): normalized = text
        case .failure(let error): throw error
        }
        let observers = lock.withLock { () -> [@Sendable (String, String) -> Void] in
            values[parameter.name] = normalized
            return self.observers
        }
        for observer in observers { observer(parameter.name, normalized) }
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

    /// Name/value pairs whose name matches the glob `pattern`, in table order.
    public func matching(_ pattern: String) -> [(String, String)] {
        let glob = Array(pattern.lowercased().utf8)
        return lock.withLock {
            var result: [(String, String)] = []
            for parameter in ordered {
                let names = [parameter.name] + parameter.aliases
                for name in names where !(parameter.hidden && pattern == "*") {
                    if GlobPattern.matches(pattern: glob, Array(name.utf8), ignoringCase: true) {
                        result.append((name, values[parameter.name] ?? ""))
                    }
                }
            }
            return result
        }
    }
}
