/// Server commands: whole-keyspace and administrative ones.
enum ServerCommands {
    static let table: [CommandSpec] = [
    ]
}
