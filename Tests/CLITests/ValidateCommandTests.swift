import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func reportsEveryProblemInAFolderAndExitsOne() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nested"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("""
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata: {name: a}
            spec:
              cloud: {credentialsSecretRef: {name: creds, key: token}}
              suspend: "no"
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: harmony}

            """.utf8).write(to: folder.appendingPathComponent("a.yaml"))
        try Data("""
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata: {name: b}
            spec:
              cloud: {credentialsSecretRef: {name: creds, key: token}}
              encryptionKey: {rotation: Sometimes}

            """.utf8).write(to: folder.appendingPathComponent("nested/b.yml"))
        let result = try await CommandRunner.run(["validate", "-f", folder.path])
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix("a.yaml:6:12: spec.suspend: must be a boolean (true or false), not a string") == true)
        #expect(lines.last?.hasSuffix(#"b.yml:6:29: spec.encryptionKey.rotation: "Sometimes" is not one of "Never", "OnRenewal""#) == true)
        #expect(result.stderrText.contains("note: skipped Deployment"))
        #expect(result.stderrText.contains("checked 2 Gateway(s) in 2 file(s): 2 problem(s)"))
    }

    @Test func validFilesExitZero() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("""
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata: {name: prod}
            spec:
              cloud: {credentialsSecretRef: {name: creds, key: token}}

            """.utf8).write(to: file)
        let result = try await CommandRunner.run(["validate", "-f", file.path])
        #expect(result.status == 0)
        #expect(result.stdoutText.isEmpty)
        #expect(try await CommandRunner.run(["validate", "-f", file.path + ".missing"]).status != 0)
    }
}
