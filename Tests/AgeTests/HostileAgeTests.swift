import Age
import Foundation
import TestSupport
import Testing

/// Seeded mutations the vector and single-byte mutation tests do not reach: several changes at
/// once (flips, insertions, deletions, splices) in armored and binary files and in the vectors,
/// and mutated key text. Every outcome must be a plaintext or an ``AgeError``, never a crash.
@Suite struct HostileAgeTests {
    /// `file` with one to four random edits; armor-relevant bytes are favoured for text input.
    static func mutate(_ file: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = file
        let interesting: [UInt8] = Array("-\n\r =+/AZaz09>".utf8) + [0x00, 0xFF, 0x80]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let index = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1 where !bytes.isEmpty: bytes[index] = interesting.randomElement(using: &random)!
            case 2: bytes.insert(interesting.randomElement(using: &random)!, at: index)
            case 3 where !bytes.isEmpty: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...80, using: &random)))
            case 4 where !bytes.isEmpty:
                let start = Int.random(in: 0..<bytes.count, using: &random)
                let piece = bytes[start..<min(bytes.count, start + Int.random(in: 1...100, using: &random))]
                bytes.insert(contentsOf: piece, at: index)
            default: bytes = Array(bytes.prefix(index))
            }
        }
        return bytes
    }

    /// Decrypts and requires either success or an ``AgeError``; returns whether it decrypted.
    @discardableResult
    static func decryptNeverCrashes(_ file: [UInt8], with identity: AgeIdentity, _ context: String) -> Bool {
        do {
            _ = try Age.decrypt(Data(file), with: [identity])
            return true
        } catch is AgeError {
            return false
        } catch {
            Issue.record("\(context): a non-AgeError \(type(of: error)): \(error)")
            return false
        }
    }

    @Test("2,000 random multi-edit mutations of an armored file", arguments: [1, 2, 3] as [UInt64])
    func armoredMutations(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let identity = AgeIdentity.generate()
        let file = [UInt8](try Age.encrypt(Fixtures.bytes(3_000), to: [identity.recipient], armor: true))
        var decrypted = 0
        for round in 0..<2_000 {
            if Self.decryptNeverCrashes(Self.mutate(file, &random), with: identity, "seed \(seed) round \(round)") { decrypted += 1 }
        }
        // Only edits that leave the decoded bytes intact (such as a removed trailing newline) may decrypt.
        #expect(decrypted < 200)
    }

    @Test("2,000 random multi-edit mutations of a binary file with two payload chunks")
    func binaryMutations() throws {
        var random = SplitMix64(seed: 42)
        let identity = AgeIdentity.generate()
        let file = [UInt8](try Age.encrypt(Fixtures.bytes(70_000), to: [identity.recipient, AgeIdentity.generate().recipient]))
        for round in 0..<2_000 {
            let mutated = Self.mutate(file, &random)
            // An edit can put back the byte that was there (a flip undone, a letter replaced by itself).
            guard mutated != file else { continue }
            let decrypted = Self.decryptNeverCrashes(mutated, with: identity, "round \(round)")
            #expect(!decrypted, "round \(round): an altered file decrypted")
        }
    }

    @Test("every vector, mutated 25 times each")
    func mutatedVectors() throws {
        var random = SplitMix64(seed: 7)
        let identity = try AgeIdentity(parsing: Fixtures.vectorIdentity)
        for name in TestVector.allNames {
            let file = try TestVector(named: name).ageFile()
            guard file.count < 200_000 else { continue }
            for round in 0..<25 {
                Self.decryptNeverCrashes(Self.mutate(file, &random), with: identity, "\(name) round \(round)")
            }
        }
    }

    @Test("mutated identities, recipients, key files and Harmony values are AgeErrors or round-trip")
    func mutatedKeyText() throws {
        var random = SplitMix64(seed: 99)
        let identity = try AgeIdentity(parsing: Fixtures.vectorIdentity)
        let keyFile = AgeKeyFile.contents(for: identity, createdAt: Date(timeIntervalSince1970: 1_767_225_600))
        let texts = [Fixtures.vectorIdentity, Fixtures.vectorRecipient, identity.harmonyBase64, keyFile]
        for text in texts {
            for _ in 0..<1_000 {
                let mutated = Self.mutate(Array(text.utf8), &random)
                let string = String(decoding: mutated, as: UTF8.self)
                if let parsed = try? AgeIdentity(parsing: string) {
                    #expect(try AgeIdentity(parsing: parsed.secretKeyString) == parsed)
                }
                if let recipient = try? AgeRecipient(parsing: string) {
                    #expect(try AgeRecipient(parsing: recipient.description) == recipient)
                }
                if let harmony = try? AgeIdentity(harmonyValue: string) {
                    #expect(try AgeIdentity(harmonyValue: harmony.harmonyBase64) == harmony)
                }
                _ = try? AgeKeyFile.parseIdentities(Data(mutated))
            }
        }
    }

    @Test("an armored file with every line break doubled, CRLF, or trailing space is handled without a crash")
    func armorWhitespace() throws {
        let identity = AgeIdentity.generate()
        let text = String(decoding: try Age.encrypt(Fixtures.bytes(300), to: [identity.recipient], armor: true), as: UTF8.self)
        for variant in [
            text.replacingOccurrences(of: "\n", with: "\n\n"), text.replacingOccurrences(of: "\n", with: "\r\n"),
            text.replacingOccurrences(of: "\n", with: " \n"), "   " + text, text + "\n\n\n", String(text.dropLast()),
        ] {
            Self.decryptNeverCrashes(Array(variant.utf8), with: identity, "whitespace variant")
        }
    }
}
