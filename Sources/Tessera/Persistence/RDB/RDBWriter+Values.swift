/// rdbSaveObject: each (type, encoding) as Redis 7.0 dumps it. Compact encodings go out as
/// their blobs (they are byte-exact Redis listpacks and intsets); lists as QUICKLIST_2 with one
/// PACKED listpack per node; hashtables as plain pairs or members; skiplists as ZSET_2 from the
/// tail, so loading inserts at the head each time.
extension RDBWriter {
    mutating func writeValue(_ entry: Entry) {
        switch (entry.type, entry.encoding) {
        case (.string, .int):
            sink.writeIntegerString(entry.intValue)
        case (.string, _):
            sink.writeString(entry.stringBytes, compression: compression)
        case (.list, _):
            writeList(Quicklist(header: entry.object))
        case (.set, .intset):
            sink.writeString(Intset(base: entry.object).bytes, compression: compression)
        case (.set, _):
            writeSet(ByteDict(header: entry.object))
        case (.hash, .listpack), (.zset, .listpack):
            sink.writeString(Listpack(base: entry.object).bytes, compression: compression)
        case (.hash, _):
            writeHash(ByteDict(header: entry.object))
        case (.zset, _):
            writeSortedSet(SortedSetIndex(header: entry.object).list)
        }
    }

    private mutating func writeList(_ list: Quicklist) {
        sink.writeLength(list.nodeCount)
        var node = list.head
        while let current = node {
            sink.writeLength(RDBFormat.containerPacked)
            sink.writeString(current.pointee.entries.bytes, compression: compression)
            node = current.pointee.next
        }
    }

    private mutating func writeSet(_ members: ByteDict) {
        sink.writeLength(members.count)
        members.forEach { entry in sink.writeString(entry.member, compression: compression) }
    }

    private mutating func writeHash(_ pairs: ByteDict) {
        sink.writeLength(pairs.count)
        pairs.forEach { entry in
            sink.writeString(entry.member, compression: compression)
            sink.writeString(entry.value, compression: compression)
        }
    }

    private mutating func writeSortedSet(_ list: Skiplist) {
        sink.writeLength(list.count)
        list.forEach(reverse: true) { node in
            sink.writeString(node.member, compression: compression)
            sink.writeBinaryDouble(node.score)
            return true
        }
    }
}
