import Age
import Foundation
import TestSupport
import Testing

@Suite struct SecretFileTests {
    @Test func createsTheFileReadableByTheOwnerOnly() throws {
        let temporary = try TemporaryFolder(prefix: "age-tests")
        defer { temporary.remove() }
        let folder = temporary.url
        let path = folder.appendingPathComponent("key.txt").path
        try SecretFile.createExclusive(atPath: path, contents: Data("secret\n".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("secret\n".utf8))
    }

    @Test func refusesToOverwrite() throws {
        let temporary = try TemporaryFolder(prefix: "age-tests")
        defer { temporary.remove() }
        let folder = temporary.url
        let path = folder.appendingPathComponent("key.txt").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SecretFileError.alreadyExists(path: path)) {
            try SecretFile.createExclusive(atPath: path, contents: Data("new".utf8))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("keep".utf8))
    }
}
