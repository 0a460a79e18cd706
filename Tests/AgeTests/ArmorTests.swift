import Age
import Foundation
import Testing

@Suite struct ArmorTests {
    let identity = AgeIdentity.generate()

    private func armored(_ plaintext: Data = Fixtures.bytes(500)) throws -> String {
        String(decoding: try Age.encrypt(plaintext, to: [identity.recipient], armor: true), as: UTF8.self)
    }

    private func decrypt(_ text: String) throws -> Data {
        try Age.decrypt(Data(text.utf8), with: [identity])
    }

    private func expectArmorFailure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try decrypt(text)
            Issue.record("decrypted malformed armor", sourceLocation: sourceLocation)
        } catch let error as AgeError {
            #expect(error.kind == .armor, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func writesStrictPEM() throws {
        let text = try armored()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
        #expect(lines.dropLast().last == "-----END AGE ENCRYPTED FILE-----")
        #expect(lines.last == "")
        let body = lines.dropFirst().dropLast(2)
        #expect(body.dropLast().allSatisfy { $0.count == 64 })
        #expect(body.last.map { (1...64).contains($0.count) } == true)
        #expect(!text.contains("\r"))
    }

    @Test func toleratesCRLFAndSurroundingWhitespace() throws {
        let text = try armored()
        #expect(try decrypt(text.replacingOccurrences(of: "\n", with: "\r\n")) == Fixtures.bytes(500))
        #expect(try decrypt("\n  \t" + text + "\n\n  ") == Fixtures.bytes(500))
    }

    @Test func rejectsBlankLinesWhitespaceAndLongLines() throws {
        let text = try armored()
        var lines = text.split(separator: "\n").map(String.init)
        expectArmorFailure(([lines[0], ""] + lines[1...]).joined(separator: "\n"))
        expectArmorFailure(text.replacingOccurrences(of: lines[1], with: lines[1] + " "))
        expectArmorFailure(text.replacingOccurrences(of: lines[1] + "\n" + lines[2], with: lines[1] + lines[2]))
        lines.insert("Comment: hello", at: 1)
        expectArmorFailure(lines.joined(separator: "\n"))
    }

    @Test func rejectsAShortLineBeforeTheLast() throws {
        let text = try armored()
        let lines = text.split(separator: "\n").map(String.init)
        let first = lines[1]
        let broken = [lines[0], String(first.prefix(32)), String(first.dropFirst(32))] + lines[2...]
        expectArmorFailure(broken.joined(separator: "\n"))
    }

    @Test func rejectsNonCanonicalBase64AndMissingOrTrailingParts() throws {
        // The armored length depends on the plaintext length; pick one whose last line is padded.
        var text = ""
        for size in 10...12 where !text.contains("=\n") { text = try armored(Fixtures.bytes(size)) }
        var lines = text.split(separator: "\n").map(String.init)
        let last = Array(lines[lines.count - 2])
        let padding = last.reversed().prefix(while: { $0 == "=" }).count
        #expect(padding > 0)
        // The character before the padding carries unused low bits; setting one is not canonical.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let index = last.count - padding - 1
        let value = try #require(alphabet.firstIndex(of: last[index]))
        var altered = last
        altered[index] = alphabet[value | 1]
        lines[lines.count - 2] = String(altered)
        expectArmorFailure(lines.joined(separator: "\n"))
        expectArmorFailure(String(text.dropLast("-----END AGE ENCRYPTED FILE-----\n".count)))
        expectArmorFailure(text + "garbage\n")
        expectArmorFailure(text.replacingOccurrences(of: "-----END AGE ENCRYPTED FILE-----", with: "-----END AGE FILE-----"))
    }
}
