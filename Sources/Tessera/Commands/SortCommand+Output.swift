/// SORT's result: the window of sorted items, each as itself or as what its GET patterns give,
/// replied (a missing GET value as a null) or stored as a list (a missing value as "").
extension SortCommand {
    static func reply(_ context: inout CommandContext, _ vector: SortVector, window: Range<Int>, gets: [SortPattern]) {
        context.replyArrayHeader(window.count * max(gets.count, 1))
        vector.withElements { elements in
            for item in vector.items[window] {
                let element = SortVector.bytes(of: item, in: elements)
                if gets.isEmpty { context.replyBulk(element) }
                for pattern in gets {
                    pattern.withValue(for: element, in: context.keyspace) { value in
                        if let value { context.replyBulk(value) } else { context.replyNull() }
                    }
                }
            }
        }
    }

    /// STORE: the destination becomes the result list (its TTL gone, as setKey clears it), or
    /// is deleted when the result is empty; the reply is the number of elements stored.
    static func store(_ context: inout CommandContext, _ vector: SortVector, window: Range<Int>,
                      gets: [SortPattern], into destination: UnsafeRawBufferPointer) {
        let count = window.count * max(gets.count, 1)
        guard count > 0 else {
            context.keyspace.remove(destination)
            return context.replyInteger(0)
        }
        let list = ListCommands.newList(&context)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        vector.withElements { elements in
            for item in vector.items[window] {
                let element = SortVector.bytes(of: item, in: elements)
                if gets.isEmpty { list.push(element, at: .tail) }
                for pattern in gets {
                    pattern.withValue(for: element, in: context.keyspace) { list.push($0 ?? empty, at: .tail) }
                }
            }
        }
        context.keyspace.store(destination, list.newValue, changes: count)
        context.replyInteger(count)
    }
}
