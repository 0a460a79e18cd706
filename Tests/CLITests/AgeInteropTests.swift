import Foundation
import TestSupport
import Testing

/// Interoperability with the reference `age` and `age-keygen` tools (Debian's age 1.1.1).
@Suite struct AgeInteropTests {
    static let sizes = [0, 1, 65_535, 65_536, 65_537, 200_000]

    private struct Keys {
        var folder: URL
        var ourKey: String
        var ourRecipient: String
        var theirKey: String
        var theirRecipient: String
    }

    private func tool(_ name: String) throws -> URL {
        try #require(CommandRunner.which(name), "\(name) must be installed (Debian package age) for the interop tests")
    }

    private func makeKeys() async throws -> Keys {
        let folder = try TemporaryFolder(prefix: "age-interop").url
        let ourKey = folder.appendingPathComponent("ours.txt").path
        let theirKey = folder.appendingPathComponent("theirs.txt").path
        let ours = try await CommandRunner.run(["age", "keygen", "-o", ourKey])
        let theirs = try await CommandRunner.runExecutable(try tool("age-keygen"), ["-o", theirKey])
        #expect(ours.status == 0 && theirs.status == 0)
        return Keys(
            folder: folder,
            ourKey: ourKey,
            ourRecipient: String(ours.stderrText.dropFirst("Public key: ".count).dropLast()),
            theirKey: theirKey,
            theirRecipient: String(theirs.stderrText.dropFirst("Public key: ".count).dropLast())
        )
    }

    @Test func ageKeygenDerivesOurRecipientAndWeDeriveTheirs() async throws {
        let keys = try await makeKeys()
        defer { try? FileManager.default.removeItem(at: keys.folder) }
        let theirView = try await CommandRunner.runExecutable(try tool("age-keygen"), ["-y", keys.ourKey])
        #expect(theirView.status == 0)
        #expect(theirView.stdoutText == keys.ourRecipient + "\n")
        let ourView = try await CommandRunner.run(["age", "recipient", keys.theirKey])
        #expect(ourView.stdoutText == keys.theirRecipient + "\n")
        let raw = try await CommandRunner.run(["age", "keygen", "--format", "raw"])
        let bare = try await CommandRunner.runExecutable(try tool("age-keygen"), ["-y"], input: raw.stdout)
        #expect(bare.stdoutText == raw.stderrText.replacingOccurrences(of: "Public key: ", with: ""))
    }

    @Test(arguments: sizes, [false, true])
    func filesWeEncryptDecryptWithAge(size: Int, armor: Bool) async throws {
        let keys = try await makeKeys()
        defer { try? FileManager.default.removeItem(at: keys.folder) }
        let plaintext = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) })
        let sealed = try await CommandRunner.run(
            ["age", "encrypt", "-r", keys.ourRecipient, "-r", keys.theirRecipient] + (armor ? ["-a"] : []),
            input: plaintext
        )
        #expect(sealed.status == 0, "\(sealed.stderrText)")
        for key in [keys.theirKey, keys.ourKey] {
            let opened = try await CommandRunner.runExecutable(try tool("age"), ["-d", "-i", key], input: sealed.stdout)
            #expect(opened.status == 0, "\(opened.stderrText)")
            #expect(opened.stdout == plaintext)
        }
    }

    @Test(arguments: sizes, [false, true])
    func filesAgeEncryptsDecryptWithOurs(size: Int, armor: Bool) async throws {
        let keys = try await makeKeys()
        defer { try? FileManager.default.removeItem(at: keys.folder) }
        let plaintext = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })
        let sealed = try await CommandRunner.runExecutable(
            try tool("age"),
            ["-r", keys.ourRecipient, "-r", keys.theirRecipient] + (armor ? ["-a"] : []),
            input: plaintext
        )
        #expect(sealed.status == 0, "\(sealed.stderrText)")
        for key in [keys.ourKey, keys.theirKey] {
            let opened = try await CommandRunner.run(["age", "decrypt", "-i", key], input: sealed.stdout)
            #expect(opened.status == 0, "\(opened.stderrText)")
            #expect(opened.stdout == plaintext)
        }
    }
}
