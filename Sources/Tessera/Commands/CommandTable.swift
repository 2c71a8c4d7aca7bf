/// The one command table (Redis's commands.def): name -> spec, for the router, COMMAND, and
/// stats. Each family contributes its rows from its own file; lookup is allocation-free.
public final class CommandTable: Sendable {
    public let commands: [CommandSpec]
    /// Every command and subcommand, indexed by `CommandSpec.id`.
    public let all: [CommandSpec]
    private let names: [[UInt8]]
    private let slots: [Int32]
    private let mask: Int

    public static let standard = CommandTable(families: [
        ConnectionCommands.table,
        StringCommands.table,
        ListCommands.table,
        HashCommands.table,
        KeyCommands.table,
        ServerCommands.table,
        PersistenceCommands.table,
        BitmapCommands.table,
        SetCommands.table,
        SortedSetCommands.table,
        SortCommand.table,
    ].flatMap { $0 })

    public init(families specs: [CommandSpec]) {
        var flattened: [CommandSpec] = []
        for spec in specs {
            spec.id = flattened.count
            flattened.append(spec)
            for sub in spec.subcommands {
                sub.id = flattened.count
                sub.fullName = "\(spec.name)|\(sub.name)"
                flattened.append(sub)
            }
        }
        commands = specs
        all = flattened
        names = specs.map { Array($0.name.utf8) }
        var size = 64
        while size < specs.count * 4 { size <<= 1 }
        mask = size - 1
        var table = [Int32](repeating: -1, count: size)
        for (index, name) in names.enumerated() {
            var slot = CommandTable.hash(name) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(index)
        }
        slots = table
    }

    /// The top-level command named by `name`, case-insensitively.
    @inline(__always)
    public func lookup(_ name: UnsafeRawBufferPointer) -> CommandSpec? {
        guard name.count > 0 && name.count < 32 else { return nil }
        var slot = CommandTable.hash(name) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if CommandTable.equalsLowercase(name, names[Int(index)]) { return commands[Int(index)] }
            slot = (slot + 1) & mask
        }
    }

    /// The subcommand of a container command (CONFIG GET, CLIENT LIST), case-insensitively.
    func subcommand(of spec: CommandSpec, _ name: UnsafeRawBufferPointer) -> CommandSpec? {
        spec.subcommands.first { CommandTable.equalsLowercase(name, Array($0.name.utf8)) }
    }

    @inline(__always)
    private static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var h: UInt32 = 2_166_136_261
        for byte in bytes { h = (h ^ UInt32(Bytes.lower(byte))) &* 16_777_619 }
        return Int(h)
    }

    @inline(__always)
    private static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ name: [UInt8]) -> Bool {
        guard name.count == bytes.count else { return false }
        for index in 0..<bytes.count where Bytes.lower(bytes[index]) != name[index] { return false }
        return true
    }
}

