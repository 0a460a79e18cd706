import Basics
import Foundation
import Testing

/// `FileStream` reads and writes files and reports the system's reason for a failure.
@Suite("File streams")
struct FileStreamTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("filestream-\(UUID().uuidString)").path
    }

    @Test("what is written is read back, in full and up to a limit")
    func roundTrip() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = Data((0..<200_000).map { UInt8($0 % 251) })
        do {
            let stream = try FileStream.writing(path)
            try stream.write(contentsOf: bytes)
        }
        #expect(try FileStream.reading(path).readToEnd() == bytes)
        #expect(try FileStream.reading(path).read(upToCount: 100_001) == bytes.prefix(100_001))
        #expect(try FileStream.reading(path).read(upToCount: 300_000).count == 200_000)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
    }

    @Test("a missing file names the path and the system's reason")
    func missing() {
        #expect {
            _ = try FileStream.reading("/nonexistent/folder/file")
        } throws: { error in
            (error as? FileStreamError)?.description == "/nonexistent/folder/file: No such file or directory"
                && errorText(error) == "No such file or directory"
        }
    }

    @Test("errorText gives the reason of FoundationEssentials' file errors")
    func foundationErrors() {
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent/x"))
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(errorText(error) == "No such file or directory")
        }
    }

    @Test("the operator limits malloc to two arenas unless the environment chose")
    func mallocArenas() {
        #expect(MallocArenas.limitToSet(environment: [:]) == 2)
        #expect(MallocArenas.limitToSet(environment: ["MALLOC_ARENA_MAX": "8"]) == nil)
    }
}
