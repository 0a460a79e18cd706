@testable import Age
import Foundation
import Testing

@Suite struct HeaderTests {
    @Test func wrapsStanzaBodiesAt64ColumnsEndingWithAShortLine() {
        let full = AgeStanza(type: "test", arguments: ["a", "b"], body: [UInt8](repeating: 0, count: 48))
        let lines = String(decoding: full.encoded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines == ["-> test a b", Substring(String(repeating: "A", count: 64)), "", ""])
        let short = AgeStanza(type: "X25519", arguments: [], body: [UInt8](repeating: 0xff, count: 32))
        #expect(String(decoding: short.encoded, as: UTF8.self) == "-> X25519\n" + String(repeating: "/", count: 42) + "8\n")
    }

    @Test func acceptsOnlyCanonicalBase64() {
        #expect(StrictBase64.decode(Array("AA".utf8), padded: false) == [0])
        #expect(StrictBase64.decode(Array("AB".utf8), padded: false) == nil)
        #expect(StrictBase64.decode(Array("AA==".utf8), padded: true) == [0])
        #expect(StrictBase64.decode(Array("AB==".utf8), padded: true) == nil)
        #expect(StrictBase64.decode(Array("AA=".utf8), padded: true) == nil)
        #expect(StrictBase64.decode(Array("AA==".utf8), padded: false) == nil)
        #expect(StrictBase64.decode(Array("A".utf8), padded: false) == nil)
        #expect(StrictBase64.decode(Array("AA A".utf8), padded: false) == nil)
        let bytes: [UInt8] = Array(0...255)
        #expect(StrictBase64.decode(StrictBase64.encode(bytes, padded: true), padded: true) == bytes)
        #expect(StrictBase64.encodeString(bytes, padded: false) == Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: ""))
    }

    @Test func rejectsOverlongHeaderLines() throws {
        let identity = AgeIdentity.generate()
        let file = Data(("age-encryption.org/v1\n-> " + String(repeating: "x", count: 5000) + "\n").utf8)
        #expect(throws: AgeError.headerFailure("a header line is longer than 4096 bytes")) {
            try Age.decrypt(file, with: [identity])
        }
    }

    @Test func reportsAnEmptyInputAsNotAnAgeFile() {
        #expect(throws: AgeError.headerFailure("the input is empty, not an age file")) {
            try Age.decrypt(Data(), with: [.generate()])
        }
    }
}
