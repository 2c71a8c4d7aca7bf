/// SMOVE source destination member (Redis 7.0's smoveCommand). The two keys may live on
/// different shards; the router holds both, so no client sees the member in neither set or in
/// both.
extension SetCommands {
    static let smoveSpec = CommandSpec(
        "smove", arity: 4, flags: [.write, .fast], keys: (1, 2, 1), group: .set,
        categories: ["write", "set", "fast"], handler: smove)

    /// A missing source answers 0 before the destination's type is checked; moving within one
    /// set only answers whether the member is there.
    static func smove(_ context: inout CommandContext) {
        let sourceKey = context[1], destinationKey = context[2], member = context[3]
        let keyspace = context.keyspace
        guard let source = keyspace.lookupWrite(sourceKey) else { return context.replyInteger(0) }
        let destination = keyspace.lookupWrite(destinationKey)
        guard source.type == .set, destination == nil || destination!.type == .set else {
            return context.replyError(ReplyError.wrongType)
        }
        var sourceSet = SetValue(source)
        if let destination, destination.base == source.base {
            return context.replyInteger(sourceSet.contains(member) ? 1 : 0)
        }
        guard sourceSet.remove(member) else {
            storeBack(sourceSet, into: source, key: sourceKey, keyspace: keyspace)
            return context.replyInteger(0)
        }
        finishWrite(sourceSet, into: source, key: sourceKey, changes: 1, keyspace: keyspace)
        let maxIntsetEntries = context.engine.collectionLimits.setMaxIntsetEntries
        // Found again: deleting an emptied source was a write to the table the entry is in.
        if destination != nil, let destination = keyspace.table(for: destinationKey).find(destinationKey) {
            var destinationSet = SetValue(destination)
            let added = destinationSet.add(member, maxIntsetEntries: maxIntsetEntries)
            storeBack(destinationSet, into: destination, key: destinationKey, keyspace: keyspace)
            if added { keyspace.modified(destinationKey) }
        } else {
            var created = SetValue.create(for: member)
            created.add(member, maxIntsetEntries: maxIntsetEntries)
            keyspace.store(destinationKey, created.newValue)
        }
        context.replyInteger(1)
    }
}
