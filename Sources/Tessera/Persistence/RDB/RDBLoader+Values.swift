/// rdbLoadObject for the types and encodings Redis 7.x writes. Each value takes Tessera's
/// encoding under the current thresholds, as Redis 7.0 converts on load; duplicates and empty
/// blobs are handled as rdb.c does (duplicates are corrupt, empty collections are skipped).
extension RDBLoader {
    mutating func loadValue(type: UInt8, key: UnsafeRawBufferPointer, at start: Int) throws(RDBError) -> LoadedValue {
        switch type {
        case RDBType.string:
            let string = try reader.readString(digits: false)
            if let integer = string.integer { return LoadedValue(value: .integer(integer)) }
            return LoadedValue(value: NewValue.string(string.bytes), string: string)
        case RDBType.list:
            return LoadedValue(value: try loadPlainList())
        case RDBType.set:
            return LoadedValue(value: try loadPlainSet(at: start))
        case RDBType.zset, RDBType.zset2:
            return LoadedValue(value: try loadPlainSortedSet(binaryScores: type == RDBType.zset2, at: start))
        case RDBType.hash:
            return LoadedValue(value: try loadPlainHash(at: start))
        case RDBType.listQuicklist, RDBType.listQuicklist2:
            return LoadedValue(value: try loadQuicklist(ziplistNodes: type == RDBType.listQuicklist, at: start))
        case RDBType.hashListpack, RDBType.zsetListpack:
            return LoadedValue(value: try loadPairsListpack(type: type, at: start))
        case RDBType.setIntset:
            return LoadedValue(value: try loadIntset(at: start))
        case RDBType.setListpack:
            return LoadedValue(value: try loadSetListpack(at: start))
        case RDBType.hashZipmap:
            return LoadedValue(value: try loadZipmap(at: start))
        case RDBType.listZiplist:
            return LoadedValue(value: try loadListZiplist(at: start))
        case RDBType.zsetZiplist, RDBType.hashZiplist:
            return LoadedValue(value: try loadPairsZiplist(type: type, at: start))
        case RDBType.module, RDBType.module2, RDBType.streamListpacks, RDBType.streamListpacks2,
             RDBType.streamListpacks3:
            throw RDBError.unsupportedType(type, key: key, at: start)
        default:
            throw RDBError.corrupt(at: start, "Unknown RDB encoding type \(type)")
        }
    }

    // MARK: element by element (RDB_TYPE_LIST, SET, ZSET, ZSET_2, HASH)

    private mutating func loadPlainList() throws(RDBError) -> NewValue? {
        let count = try reader.readCount()
        guard count > 0 else { return nil }
        let list = ListValue.create(fill: limits.listFill)
        for _ in 0..<count {
            let element: RDBString
            do throws(RDBError) { element = try reader.readString() } catch { list.free(); throw error }
            list.push(element.bytes, at: .tail)
            element.release()
        }
        return list.newValue
    }

    private mutating func loadPlainSet(at start: Int) throws(RDBError) -> NewValue? {
        let count = try reader.readCount()
        guard count > 0 else { return nil }
        var set = count > limits.setMaxIntsetEntries ? SetValue.emptyHashtable() : SetValue.emptyIntset()
        if set.encoding == .hashtable { set.dict.reserve(count) }
        for _ in 0..<count {
            let member: RDBString
            do throws(RDBError) { member = try reader.readString() } catch { set.free(); throw error }
            let added = set.add(member.bytes, maxIntsetEntries: limits.setMaxIntsetEntries)
            member.release()
            guard added else {
                set.free()
                throw RDBError.corrupt(at: start, "Duplicate set members detected")
            }
        }
        return set.newValue
    }

    private mutating func loadPlainSortedSet(binaryScores: Bool, at start: Int) throws(RDBError) -> NewValue? {
        let count = try reader.readCount()
        guard count > 0 else { return nil }
        let index = SortedSetIndex.make()
        index.dict.reserve(count)
        var longest = 0
        for _ in 0..<count {
            let member: RDBString
            let score: Double
            do throws(RDBError) {
                member = try reader.readString()
                if binaryScores { score = try reader.readBinaryDouble() } else { score = try reader.readTextDouble() }
            } catch {
                index.free()
                throw error
            }
            defer { member.release() }
            guard !score.isNaN else {
                index.free()
                throw RDBError.corrupt(at: start, "Zset with NAN score detected")
            }
            longest = max(longest, member.bytes.count)
            guard index.add(member.bytes, score: score) == .added else {
                index.free()
                throw RDBError.corrupt(at: start, "Duplicate zset fields detected")
            }
        }
        var value = SortedSetValue(encoding: .skiplist, payload: index.header)
        value.convertToListpackIfFits(longestMember: longest, limits: limits.sortedSet)
        return value.newValue
    }

    private mutating func loadPlainHash(at start: Int) throws(RDBError) -> NewValue? {
        let count = try reader.readCount(minimumBytes: 2)
        guard count > 0 else { return nil }
        var hash = HashValue.makeEmpty()
        if count > limits.hash.maxEntries {
            hash.free()
            let dict = ByteDict.make(.bytes)
            dict.reserve(count)
            hash = HashValue(encoding: .hashtable, payload: HashValue.address(dict.header))
        }
        for _ in 0..<count {
            let field: RDBString
            let value: RDBString
            do throws(RDBError) {
                field = try reader.readString()
                do throws(RDBError) { value = try reader.readString() } catch { field.release(); throw error }
            } catch {
                hash.free()
                throw error
            }
            let added = hash.set(field.bytes, value.bytes, limits: limits.hash)
            field.release()
            value.release()
            guard added else {
                hash.free()
                throw RDBError.corrupt(at: start, "Duplicate hash fields detected")
            }
        }
        return hash.newValue
    }

    // MARK: lists of nodes (QUICKLIST, QUICKLIST_2)

    private mutating func loadQuicklist(ziplistNodes: Bool, at start: Int) throws(RDBError) -> NewValue? {
        let count = try reader.readCount()
        let list = Quicklist.create(fill: limits.listFill)
        do throws(RDBError) {
            for _ in 0..<count {
                var container = RDBFormat.containerPacked
                if !ziplistNodes {
                    let stored = try reader.readLength()
                    guard stored == UInt64(RDBFormat.containerPacked) || stored == UInt64(RDBFormat.containerPlain) else {
                        throw RDBError.corrupt(at: start, "Quicklist integrity check failed.")
                    }
                    container = Int(stored)
                }
                let blob = try reader.readString()
                defer { blob.release() }
                guard blob.bytes.count > 0 else { throw RDBError.corrupt(at: start, "Empty quicklist node") }
                let entries: Listpack
                if container == RDBFormat.containerPlain {
                    var single = Listpack.create()
                    single.append(.bytes(blob.bytes))
                    entries = single
                } else if ziplistNodes {
                    guard let converted = RDBLoader.listpack(fromZiplist: blob.bytes) else {
                        throw RDBError.corrupt(at: start, "Ziplist integrity check failed.")
                    }
                    entries = converted
                } else {
                    guard let validated = Listpack(validating: blob.bytes) else {
                        throw RDBError.corrupt(at: start, "Listpack integrity check failed.")
                    }
                    entries = validated
                }
                // Empty nodes are skipped silently, as Redis does.
                guard !entries.isEmpty else { entries.free(); continue }
                let node = Quicklist.makeNode(entries)
                list.link(node, after: list.tail)
                list.header.pointee.count += node.pointee.count
            }
        } catch {
            list.free()
            throw error
        }
        guard !list.isEmpty else { list.free(); return nil }
        return ListValue(list).newValue
    }

    /// A ziplist's entries appended to a new listpack (ints as ints), or nil when unsound.
    static func listpack(fromZiplist blob: UnsafeRawBufferPointer) -> Listpack? {
        var converted = Listpack.create()
        let sound = Ziplist.forEachEntry(blob) { entry in
            switch entry {
            case .integer(let integer): converted.append(.integer(integer))
            case .bytes(let bytes): converted.append(.bytes(bytes))
            }
        }
        guard sound else { converted.free(); return nil }
        return converted
    }
}
