import Foundation
import TestSupport
import Testing

@Suite struct AgeCommandTests {
    @Test func keygenPrintsAgeKeygensThreeLines() async throws {
        let result = try await CommandRunner.run(["age", "keygen"])
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("# created: 20"))
        #expect(lines[1].hasPrefix("# public key: age1") && lines[1].count == 14 + 62)
        #expect(lines[2].hasPrefix("AGE-SECRET-KEY-1") && lines[2].count == 74)
        #expect(lines[3].isEmpty)
        #expect(result.stderrText == "Public key: \(lines[1].dropFirst(14))\n")
    }

    @Test func keygenPrintsTheHarmonyForms() async throws {
        let raw = try await CommandRunner.run(["age", "keygen", "--format", "raw"])
        #expect(raw.status == 0)
        #expect(raw.stdoutText.hasPrefix("AGE-SECRET-KEY-1") && raw.stdoutText.count == 74)
        let encoded = try await CommandRunner.run(["age", "keygen", "--format", "base64"])
        #expect(encoded.status == 0)
        let decoded = try #require(Data(base64Encoded: encoded.stdoutText))
        let identity = String(decoding: decoded, as: UTF8.self)
        #expect(identity.hasPrefix("AGE-SECRET-KEY-1") && identity.count == 74)
        let recipient = try await CommandRunner.run(["age", "recipient"], input: decoded)
        #expect(recipient.stdoutText + "" == encoded.stderrText.replacingOccurrences(of: "Public key: ", with: ""))
    }

    @Test func keygenWritesANewFileWithMode0600AndRefusesToOverwrite() async throws {
        let folder = try TemporaryFolder(prefix: "age-cli").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("key.txt").path
        let first = try await CommandRunner.run(["age", "keygen", "-o", path])
        #expect(first.status == 0)
        #expect(first.stdout.isEmpty)
        #expect(first.stderrText.hasPrefix("Public key: age1"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(contents.split(separator: "\n").count == 3)

        let second = try await CommandRunner.run(["age", "keygen", "-o", path])
        #expect(second.status == 1)
        #expect(second.stderrText.hasPrefix("age: error: failed to open output file"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == contents)
    }

    @Test func recipientPrintsEachKeysRecipient() async throws {
        let folder = try TemporaryFolder(prefix: "age-cli").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = (0..<2).map { _ in folder.appendingPathComponent(UUID().uuidString).path }
        var recipients: [String] = []
        for path in keys {
            let result = try await CommandRunner.run(["age", "keygen", "-o", path])
            recipients.append(String(result.stderrText.dropFirst("Public key: ".count).dropLast()))
        }
        let combined = try keys.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
        let fromStdin = try await CommandRunner.run(["age", "recipient"], input: Data(combined.utf8))
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdoutText == recipients.map { $0 + "\n" }.joined())
        let fromFile = try await CommandRunner.run(["age", "recipient", keys[0]])
        #expect(fromFile.stdoutText == recipients[0] + "\n")
    }

    @Test func recipientReportsBadKeyFilesWithoutKeyMaterial() async throws {
        let result = try await CommandRunner.run(["age", "recipient"], input: Data("# nothing here\nAGE-SECRET-KEY-1QQQQ\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderrText.hasPrefix("age: error: invalid key: line 2 of the key file"))
        #expect(!result.stderrText.contains("QQQQ"))
        let missing = try await CommandRunner.run(["age", "recipient", "/nonexistent-\(UUID().uuidString)"])
        #expect(missing.status == 1)
        #expect(missing.stderrText.hasPrefix("age: error: failed to open input file"))
    }

    @Test(arguments: [false, true])
    func encryptsAndDecryptsThroughFilesAndPipes(armor: Bool) async throws {
        let folder = try TemporaryFolder(prefix: "age-cli").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.txt").path
        let recipient = String(try await CommandRunner.run(["age", "keygen", "-o", key]).stderrText.dropFirst(12).dropLast())
        let plaintext = Data((0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let input = folder.appendingPathComponent("plain").path
        let sealed = folder.appendingPathComponent("sealed").path
        try plaintext.write(to: URL(fileURLWithPath: input))

        let encrypt = try await CommandRunner.run(["age", "encrypt", "-r", recipient, "-o", sealed] + (armor ? ["-a"] : []) + [input])
        #expect(encrypt.status == 0, "\(encrypt.stderrText)")
        let file = try Data(contentsOf: URL(fileURLWithPath: sealed))
        #expect(file.starts(with: Data((armor ? "-----BEGIN AGE ENCRYPTED FILE-----\n" : "age-encryption.org/v1\n").utf8)))

        let decrypt = try await CommandRunner.run(["age", "decrypt", "-i", key], input: file)
        #expect(decrypt.status == 0, "\(decrypt.stderrText)")
        #expect(decrypt.stdout == plaintext)

        let piped = try await CommandRunner.run(["age", "encrypt", "--recipient", recipient] + (armor ? ["--armor"] : []), input: plaintext)
        let output = folder.appendingPathComponent("opened").path
        let opened = try await CommandRunner.run(["age", "decrypt", "--identity", key, "-o", output], input: piped.stdout)
        #expect(opened.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == plaintext)
    }

    @Test func reportsMissingAndInvalidArgumentsLikeAge() async throws {
        let noRecipient = try await CommandRunner.run(["age", "encrypt"], input: Data("x".utf8))
        #expect(noRecipient.status == 1)
        #expect(noRecipient.stderrText.hasPrefix("age: error: missing recipients"))
        let badRecipient = try await CommandRunner.run(["age", "encrypt", "-r", "age1notakey"], input: Data("x".utf8))
        #expect(badRecipient.status == 1)
        #expect(badRecipient.stderrText.hasPrefix("age: error: invalid key"))
        let noIdentity = try await CommandRunner.run(["age", "decrypt"], input: Data("x".utf8))
        #expect(noIdentity.status == 1)
        #expect(noIdentity.stderrText.hasPrefix("age: error: missing identities"))
    }

    @Test func decryptFailuresExitOneAndLeaveNoOutput() async throws {
        let folder = try TemporaryFolder(prefix: "age-cli").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.txt").path, other = folder.appendingPathComponent("other.txt").path
        let recipient = String(try await CommandRunner.run(["age", "keygen", "-o", key]).stderrText.dropFirst(12).dropLast())
        _ = try await CommandRunner.run(["age", "keygen", "-o", other])
        let sealed = try await CommandRunner.run(["age", "encrypt", "-r", recipient], input: Data(repeating: 7, count: 100_000)).stdout

        let output = folder.appendingPathComponent("out").path
        let wrongKey = try await CommandRunner.run(["age", "decrypt", "-i", other, "-o", output], input: sealed)
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderrText.hasPrefix("age: error: no identity matched any of the recipients"))
        #expect(!FileManager.default.fileExists(atPath: output))

        var corrupted = sealed
        corrupted[corrupted.count - 1] ^= 0x80
        let badChunk = try await CommandRunner.run(["age", "decrypt", "-i", key, "-o", output], input: corrupted)
        #expect(badChunk.status == 1)
        #expect(badChunk.stderrText.hasPrefix("age: error: failed to decrypt and authenticate payload"))
        #expect(!FileManager.default.fileExists(atPath: output))

        let notAge = try await CommandRunner.run(["age", "decrypt", "-i", key], input: Data("hello\n".utf8))
        #expect(notAge.status == 1)
        #expect(notAge.stderrText.hasPrefix("age: error: failed to read header"))
    }
}
