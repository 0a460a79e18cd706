import Age
import Foundation
import Testing

@Suite struct KeyFileTests {
    @Test func readsKeysAmongCommentsBlankLinesAndCRLF() throws {
        let first = AgeIdentity.generate(), second = AgeIdentity.generate()
        let text = "# created: 2024-01-02T03:04:05Z\r\n# public key: \(first.recipient)\r\n\(first.secretKeyString)\r\n\r\n"
            + "\n# second key\n\(second.secretKeyString)"
        let identities = try AgeKeyFile.parseIdentities(Data(text.utf8))
        #expect(identities == [first, second])
    }

    @Test func rejectsTrailingSpacesWithTheLineNumberAndNoKeyMaterial() {
        let identity = AgeIdentity.generate()
        let text = "# comment\n\(identity.secretKeyString) \n"
        #expect(throws: AgeError.invalidKey("line 2 of the key file: Bech32 string contains a character outside printable ASCII")) {
            try AgeKeyFile.parseIdentities(Data(text.utf8))
        }
    }

    @Test func rejectsFilesWithoutKeys() {
        #expect(throws: AgeError.invalidKey("no secret keys found in the key file")) {
            try AgeKeyFile.parseIdentities(Data("# only a comment\n\n".utf8))
        }
        #expect(throws: AgeError.self) { try AgeKeyFile.parseIdentities(Data(Fixtures.vectorRecipient.utf8)) }
    }

    @Test func writesAgeKeygensThreeLines() throws {
        let identity = try AgeIdentity(parsing: Fixtures.vectorIdentity)
        let date = Date(timeIntervalSince1970: 1_704_164_645)
        let text = AgeKeyFile.contents(for: identity, createdAt: date, timeZone: TimeZone(identifier: "UTC")!)
        #expect(text == """
            # created: 2024-01-02T03:04:05Z
            # public key: \(Fixtures.vectorRecipient)
            \(Fixtures.vectorIdentity)

            """)
        let offset = AgeKeyFile.contents(for: identity, createdAt: date, timeZone: TimeZone(secondsFromGMT: 3600)!)
        #expect(offset.hasPrefix("# created: 2024-01-02T04:04:05+01:00\n"))
        #expect(try AgeKeyFile.parseIdentities(Data(text.utf8)) == [identity])
    }
}
