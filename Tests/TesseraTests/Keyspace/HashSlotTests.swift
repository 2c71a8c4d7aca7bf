import Testing
@testable import Tessera

@Suite("Hash slots")
struct HashSlotTests {
    static func slot(_ key: String) -> Int {
        Array(key.utf8).withUnsafeBytes { HashSlot.slot(of: $0) }
    }

    @Test("CRC16 matches the XMODEM check value Redis Cluster uses")
    func crc16CheckValue() {
        #expect(Array("123456789".utf8).withUnsafeBytes { HashSlot.crc16($0) } == 0x31C3)
    }

    @Test("slots match CLUSTER KEYSLOT of a real Redis")
    func knownSlots() {
        #expect(Self.slot("foo") == 12182)
        #expect(Self.slot("somekey") == 11058)
        #expect(Self.slot("") == 0)
    }

    @Test("a non-empty hash tag decides the slot; an empty or unclosed one does not")
    func hashTags() {
        #expect(Self.slot("{user1000}.following") == Self.slot("user1000"))
        #expect(Self.slot("{user1000}.followers") == Self.slot("{user1000}.following"))
        #expect(Self.slot("foo{}{bar}") == Self.slot("foo{}{bar}"))
        #expect(Self.slot("foo{}{bar}") != Self.slot("bar"))
        #expect(Self.slot("foo{{bar}}zap") == Self.slot("{bar"))
        #expect(Self.slot("foo{bar}{zap}") == Self.slot("bar"))
        #expect(Self.slot("{unclosed") != Self.slot("unclosed"))
    }
}
