import NIOCore
import RESP

/// The commands of one read from a client: the bytes, and where each argument lies in them.
/// The connection hands a batch to `BatchExecution`; nothing is copied to run a local command.
public struct CommandBatch: Sendable {
    public struct Command: Sendable {
        public var firstSpan: Int
        public var count: Int
        public init(firstSpan: Int, count: Int) {
            self.firstSpan = firstSpan
            self.count = count
        }
    }

    public var storage: ByteBuffer
    public var spans: [ArgumentSpan]
    public var commands: [Command]

    public init(storage: ByteBuffer, spans: [ArgumentSpan] = [], commands: [Command] = []) {
        self.storage = storage
        self.spans = spans
        self.commands = commands
    }

    /// A batch of one command built from byte strings (embedding API, inline requests).
    public init(arguments: [[UInt8]]) {
        var storage = ByteBuffer()
        storage.reserveCapacity(arguments.reduce(0) { $0 + $1.count })
        var spans: [ArgumentSpan] = []
        for argument in arguments {
            spans.append(ArgumentSpan(start: storage.writerIndex, count: argument.count))
            storage.writeBytes(argument)
        }
        self.init(storage: storage, spans: spans, commands: [Command(firstSpan: 0, count: arguments.count)])
    }

    public var isEmpty: Bool { commands.isEmpty }

    /// Empties the batch, keeping its arrays' storage for the next read unless a huge pipeline
    /// grew it: like Redis's query-buffer resizing, one burst must not pin megabytes per client.
    public mutating func removeAll() {
        spans.removeAll(keepingCapacity: spans.capacity <= CommandBatch.retainedSpans)
        commands.removeAll(keepingCapacity: commands.capacity <= CommandBatch.retainedCommands)
    }

    /// The most storage an idle client keeps between reads (arguments, commands).
    static let retainedSpans = 8192
    static let retainedCommands = 1024
}
