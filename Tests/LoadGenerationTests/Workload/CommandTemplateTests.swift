import NIOCore
import Testing
@testable import LoadGeneration

/// Hands out the given keys in order, so the expanded bytes are predictable.
private struct ListedKeys: KeySource {
    var keys: [UInt64]
    var drawn = 0
    init(_ keys: [UInt64]) { self.keys = keys }
    mutating func nextKey() -> UInt64 {
        defer { drawn += 1 }
        return keys[drawn]
    }
}

private func expand(_ template: String, valueSize: Int = 3, keys: [UInt64]) throws -> String {
    let command = try CommandTemplate(template, valueSize: valueSize)
    var buffer = ByteBuffer()
    var source = ListedKeys(keys)
    command.write(into: &buffer, keys: &source)
    #expect(source.drawn == keys.count)
    return String(buffer: buffer)
}

@Suite("Command templates")
struct CommandTemplateTests {
    @Test("__key__ becomes 12 zero-padded digits, as redis-benchmark's __rand_int__")
    func keyDigits() throws {
        #expect(try expand("GET key:__key__", keys: [42]) == "*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000042\r\n")
        #expect(try expand("GET __key__", keys: [999_999_999_999]) == "*2\r\n$3\r\nGET\r\n$12\r\n999999999999\r\n")
        #expect(try expand("GET __key__", keys: [0]) == "*2\r\n$3\r\nGET\r\n$12\r\n000000000000\r\n")
    }

    @Test("__value__ becomes value-size bytes")
    func value() throws {
        #expect(try expand("SET k __value__", valueSize: 5, keys: []) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nxxxxx\r\n")
        #expect(try expand("SET k __value__", valueSize: 0, keys: []) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n")
    }

    @Test("each __key__ occurrence draws its own key")
    func independentKeys() throws {
        let bytes = try expand("MSET a__key__b __value__ __key__ v", valueSize: 1, keys: [1, 2])
        #expect(bytes == "*5\r\n$4\r\nMSET\r\n$14\r\na000000000001b\r\n$1\r\nx\r\n$12\r\n000000000002\r\n$1\r\nv\r\n")
    }

    @Test("requests follow each other in one buffer")
    func consecutive() throws {
        let command = try CommandTemplate("INCR __key__", valueSize: 3)
        var buffer = ByteBuffer()
        var source = ListedKeys([7, 8])
        command.write(into: &buffer, keys: &source)
        command.write(into: &buffer, keys: &source)
        #expect(String(buffer: buffer) == "*2\r\n$4\r\nINCR\r\n$12\r\n000000000007\r\n*2\r\n$4\r\nINCR\r\n$12\r\n000000000008\r\n")
    }

    @Test("arguments are split on runs of spaces")
    func splitting() throws {
        #expect(try CommandTemplate("  PING   hello ", valueSize: 3).arguments == ["PING", "hello"])
    }

    @Test("an empty template is refused")
    func empty() {
        #expect(throws: CommandTemplate.Invalid.self) { try CommandTemplate("   ", valueSize: 3) }
    }

    @Test("preload SETs each distinct key name the workload uses once")
    func preloadTemplates() throws {
        let workload = try Workload(
            templates: ["GET key:__key__", "SET key:__key__ __value__", "HGET h:__key__ f"],
            weights: nil, keyspace: 10, zipfExponent: nil, valueSize: 2)
        #expect(workload.preloadTemplates().map(\.arguments) == [
            ["SET", "key:__key__", "__value__"], ["SET", "h:__key__", "__value__"],
        ])
        var buffer = ByteBuffer()
        var key = FixedKey(3)
        workload.preloadTemplates()[0].write(into: &buffer, keys: &key)
        #expect(String(buffer: buffer) == "*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000003\r\n$2\r\nxx\r\n")
    }

    @Test("weights must match the commands")
    func weightCount() {
        #expect(throws: CommandTemplate.Invalid.self) {
            try Workload(templates: ["GET a", "GET b"], weights: [1], keyspace: 10, zipfExponent: nil, valueSize: 3)
        }
    }

    @Test("uniform keys stay inside the keyspace and cover it")
    func uniformKeys() throws {
        var keys = RandomKeys(distribution: .uniform(keyspace: 10), random: FastRandom(seed: 1))
        var seen = Set<UInt64>()
        for _ in 0..<1_000 {
            let key = keys.nextKey()
            #expect(key < 10)
            seen.insert(key)
        }
        #expect(seen.count == 10)
    }
}
