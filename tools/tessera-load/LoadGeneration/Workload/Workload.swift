import NIOCore

/// What a run sends: the command templates, how often each is chosen, and how keys are drawn.
public struct Workload: Sendable {
    public let templates: [CommandTemplate]
    public let choice: WeightedChoice
    public let keys: KeyDistribution
    public let keyspace: UInt64
    public let valueSize: Int

    public static let defaultTemplate = "SET key:__key__ __value__"

    public init(templates: [String], weights: [UInt64]?, keyspace: UInt64, zipfExponent: Double?,
                valueSize: Int) throws(CommandTemplate.Invalid) {
        let sources = templates.isEmpty ? [Self.defaultTemplate] : templates
        let weights = weights ?? Array(repeating: 1, count: sources.count)
        guard weights.count == sources.count else {
            throw .init(description: "--weights has \(weights.count) values for \(sources.count) commands")
        }
        guard weights.allSatisfy({ $0 > 0 }) else { throw .init(description: "weights must be positive") }
        guard keyspace >= 1 && keyspace <= CommandTemplate.keyspaceLimit else {
            throw .init(description: "keyspace must be in 1...\(CommandTemplate.keyspaceLimit)")
        }
        var parsed: [CommandTemplate] = []
        for source in sources { parsed.append(try CommandTemplate(source, valueSize: valueSize)) }
        self.templates = parsed
        self.choice = WeightedChoice(weights: weights)
        self.keys = KeyDistribution(keyspace: keyspace, zipfExponent: zipfExponent)
        self.keyspace = keyspace
        self.valueSize = valueSize
    }

    /// One `SET <name> __value__` per distinct key name the templates use ("key:__key__"), so a
    /// preload creates exactly the keys the workload will read.
    public func preloadTemplates() -> [CommandTemplate] {
        var seen: Set<String> = []
        var result: [CommandTemplate] = []
        for name in templates.flatMap(\.keyArguments) where seen.insert(name).inserted {
            // Cannot throw: the name is a non-empty argument of a template that parsed.
            if let template = try? CommandTemplate("SET \(name) \(CommandTemplate.valuePlaceholder)", valueSize: valueSize) {
                result.append(template)
            }
        }
        return result
    }
}

/// A connection's own request stream over a shared `Workload`.
public struct RequestGenerator {
    public let workload: Workload
    private var keys: RandomKeys

    public init(workload: Workload, seed: UInt64) {
        self.workload = workload
        self.keys = RandomKeys(distribution: workload.keys, random: FastRandom(seed: seed))
    }

    @inline(__always)
    public mutating func writeRequest(into buffer: inout ByteBuffer) {
        let index = workload.choice.pick(&keys.random)
        workload.templates[index].write(into: &buffer, keys: &keys)
    }
}
