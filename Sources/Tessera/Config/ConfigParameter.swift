/// One configuration directive: its redis.conf name, how its value is checked and printed, and
/// whether CONFIG SET may change it at run time.
public struct ConfigParameter: Sendable {
    public enum Kind: Sendable {
        case integer(min: Int64, max: Int64)
        /// Bytes, written with Redis's units (1k, 5mb, 1gb); CONFIG GET prints plain bytes.
        case memory(min: Int64, max: Int64)
        case boolean
        case enumeration([String])
        case string
        /// Free-form list whose validation belongs to its owner (save points, bind addresses).
        case special(@Sendable (String) -> String?)
    }

    public let name: String
    public let aliases: [String]
    public let kind: Kind
    public let defaultValue: String
    public let mutable: Bool
    /// Hidden from CONFIG GET * (Redis's HIDDEN_CONFIG), still settable.
    public let hidden: Bool
    /// Redis's PROTECTED_CONFIG (dir, dbfilename): CONFIG SET needs `enable-protected-configs`.
    public let protected: Bool
    /// Runs after the kind's check on its canonical value: Redis's adjustments (hz is clamped to
    /// 1...500) and the values Tessera refuses although Redis takes them, because nothing would
    /// act on them yet (`appendonly yes` before AOF exists).
    public let refine: (@Sendable (String) -> Result<String, ConfigError>)?

    public init(_ name: String, _ kind: Kind, default defaultValue: String, mutable: Bool = true,
                aliases: [String] = [], hidden: Bool = false, protected: Bool = false,
                refine: (@Sendable (String) -> Result<String, ConfigError>)? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.mutable = mutable
        self.aliases = aliases
        self.hidden = hidden
        self.protected = protected
        self.refine = refine
    }

    /// The canonical form of `text` for this parameter, or the reason it is invalid.
    public func normalize(_ text: String) -> Result<String, ConfigError> {
        guard let refine else { return checkKind(text) }
        return checkKind(text).flatMap(refine)
    }

    private func checkKind(_ text: String) -> Result<String, ConfigError> {
        switch kind {
        case .integer(let min, let max):
            guard let value = Int64(text) else { return .failure(.invalid("argument couldn't be parsed into an integer")) }
            guard value >= min && value <= max else {
                return .failure(.invalid("argument must be between \(min) and \(max) inclusive"))
            }
            return .success(String(value))
        case .memory(let min, let max):
            // Redis's memtoull: no sign.
            guard !text.hasPrefix("-"), let value = ConfigParameter.parseMemory(text) else {
                return .failure(.invalid("argument must be a memory value"))
            }
            guard value >= min && value <= max else {
                return .failure(.invalid("argument must be between \(min) and \(max) inclusive"))
            }
            return .success(String(value))
        case .boolean:
            switch text.lowercased() {
            case "yes": return .success("yes")
            case "no": return .success("no")
            default: return .failure(.invalid("argument must be 'yes' or 'no'"))
            }
        case .enumeration(let options):
            let lowered = text.lowercased()
            guard options.contains(lowered) else {
                return .failure(.invalid("argument(s) must be one of the following: \(options.joined(separator: ", "))"))
            }
            return .success(lowered)
        case .string:
            return .success(text)
        case .special(let validate):
            if let problem = validate(text) { return .failure(.invalid(problem)) }
            return .success(text)
        }
    }

    /// Redis's memtoll: a number with an optional k, kb, m, mb, g, gb suffix (case-insensitive;
    /// k = 1000, kb = 1024).
    public static func parseMemory(_ text: String) -> Int64? {
        let lowered = text.lowercased()
        let units: [(String, Int64)] = [("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
                                        ("g", 1_000_000_000), ("m", 1_000_000), ("k", 1000), ("b", 1)]
        for (suffix, multiplier) in units where lowered.hasSuffix(suffix) {
            guard let number = Int64(lowered.dropLast(suffix.count)) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : product
        }
        return Int64(lowered)
    }
}

public enum ConfigError: Error, Equatable, Sendable {
    case unknown(String)
    case invalid(String)
    case immutable(String)
}
