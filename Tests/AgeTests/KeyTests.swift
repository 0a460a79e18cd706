import Age
import Foundation
import Testing

@Suite struct KeyTests {
    @Test func parsesTheVectorIdentityAndDerivesItsRecipient() throws {
        let identity = try AgeIdentity(parsing: Fixtures.vectorIdentity)
        #expect(identity.recipient.description == Fixtures.vectorRecipient)
        #expect(identity.secretKeyString == Fixtures.vectorIdentity)
    }

    @Test func generatedKeysRoundTripThroughTheirStrings() throws {
        let identity = AgeIdentity.generate()
        let secret = identity.secretKeyString
        #expect(secret.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(secret.count == 74)
        #expect(try AgeIdentity(parsing: secret) == identity)
        let recipient = identity.recipient.description
        #expect(recipient.hasPrefix("age1"))
        #expect(recipient.count == 62)
        #expect(try AgeRecipient(parsing: recipient) == identity.recipient)
        #expect(AgeIdentity.generate() != identity)
    }

    @Test func descriptionNeverShowsTheSecret() {
        let identity = AgeIdentity.generate()
        let secretData = String(identity.secretKeyString.dropFirst(16).prefix(20))
        for text in [identity.description, identity.debugDescription, "\(identity)", String(reflecting: identity)] {
            #expect(!text.contains(secretData))
            #expect(!text.uppercased().contains(secretData))
        }
        #expect(identity.description.contains(identity.recipient.description))
    }

    @Test func rejectsKeysOfTheWrongKindOrCase() {
        #expect(throws: AgeError.self) { try AgeIdentity(parsing: Fixtures.vectorIdentity.lowercased()) }
        #expect(throws: AgeError.self) { try AgeRecipient(parsing: Fixtures.vectorRecipient.uppercased()) }
        #expect(throws: AgeError.self) { try AgeIdentity(parsing: Fixtures.vectorRecipient) }
        #expect(throws: AgeError.self) { try AgeRecipient(parsing: Fixtures.vectorIdentity) }
        #expect(throws: AgeError.self) { try AgeIdentity(parsing: Fixtures.vectorIdentity + " ") }
        #expect(throws: AgeError.self) { try AgeRecipient(rawRepresentation: [1, 2, 3]) }
    }

    @Test func errorsNeverContainKeyMaterial() {
        var mistyped = Array(Fixtures.vectorIdentity)
        mistyped[30] = mistyped[30] == "Q" ? "P" : "Q"
        do {
            _ = try AgeIdentity(parsing: String(mistyped))
            Issue.record("a mistyped identity parsed")
        } catch {
            #expect(!error.description.contains(String(mistyped[16...40])))
            #expect(error.kind == .invalidKey)
        }
    }

    @Test func harmonyBase64IsTheBareIdentityWithoutNewline() throws {
        let identity = try AgeIdentity(parsing: Fixtures.vectorIdentity)
        let value = identity.harmonyBase64
        #expect(value == Data(Fixtures.vectorIdentity.utf8).base64EncodedString())
        #expect(value.hasSuffix("="))
        #expect(!value.contains("\n"))
        #expect(identity.harmonyValue(.base64) == value)
        #expect(identity.harmonyValue(.raw) == Fixtures.vectorIdentity)
    }

    @Test func parsesBothHarmonyFormsWithSurroundingWhitespace() throws {
        let identity = AgeIdentity.generate()
        for format in HarmonyKeyFormat.allCases {
            let value = identity.harmonyValue(format)
            #expect(try AgeIdentity(harmonyValue: value) == identity)
            #expect(try AgeIdentity(harmonyValue: "  \(value)\n") == identity)
        }
    }

    @Test func rejectsBase64OfAWholeKeyFile() {
        let keyFile = AgeKeyFile.contents(for: .generate(), createdAt: Date())
        let value = Data(keyFile.utf8).base64EncodedString()
        #expect(throws: AgeError.self) { try AgeIdentity(harmonyValue: value) }
        let withNewline = Data((Fixtures.vectorIdentity + "\n").utf8).base64EncodedString()
        #expect(throws: AgeError.self) { try AgeIdentity(harmonyValue: withNewline) }
        #expect(throws: AgeError.self) { try AgeIdentity(harmonyValue: "not a key") }
    }

    @Test func harmonyFormatNamesMatchTheGatewaySpec() {
        #expect(HarmonyKeyFormat(rawValue: "Base64") == .base64)
        #expect(HarmonyKeyFormat(rawValue: "Raw") == .raw)
    }
}
