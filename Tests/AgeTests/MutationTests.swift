import Age
import Foundation
import Testing

/// Every single-byte change or truncation of a valid file must be rejected with an ``AgeError``.
@Suite struct MutationTests {
    @Test(arguments: [false, true])
    func everyAlteredByteIsRejected(armor: Bool) throws {
        let identity = AgeIdentity.generate()
        let file = try Age.encrypt(Fixtures.bytes(100), to: [identity.recipient], armor: armor)
        var rejected: [AgeError.Kind: Int] = [:]
        for index in 0..<file.count {
            var altered = file
            altered[index] ^= index % 2 == 0 ? 0x01 : 0x40
            do {
                let plaintext = try Age.decrypt(altered, with: [identity])
                Issue.record("a change at byte \(index) decrypted to \(plaintext.count) bytes")
            } catch let error as AgeError {
                rejected[error.kind, default: 0] += 1
            }
        }
        if armor {
            #expect(rejected[.armor, default: 0] > 0)
        } else {
            #expect(Set(rejected.keys) == [.header, .noMatch, .hmac, .payload])
        }
    }

    @Test func everyTruncationIsRejected() throws {
        let identity = AgeIdentity.generate()
        let file = try Age.encrypt(Fixtures.bytes(70_000), to: [identity.recipient])
        for length in stride(from: 0, to: file.count, by: 97) {
            #expect(throws: AgeError.self) { try Age.decrypt(file.prefix(length), with: [identity]) }
        }
        #expect(throws: AgeError.self) { try Age.decrypt(file.dropLast(), with: [identity]) }
    }
}
