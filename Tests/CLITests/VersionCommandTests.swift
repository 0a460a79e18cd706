import Testing
import Foundation

@Suite struct VersionCommandTests {
    @Test func printsVersion() async throws {
        let result = try await CommandRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func helpNamesTheProduct() async throws {
        let result = try await CommandRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("USAGE: runbeam-operator"))
    }
}
