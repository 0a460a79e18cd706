import Foundation
import TestSupport
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

    static let valid = """
        apiVersion: runbeam.io/v1alpha1
        kind: Gateway
        metadata: {name: prod}
        spec:
          cloud: {credentialsSecretRef: {name: creds, key: token}}

        """

    @Test func readsStandardInput() async throws {
        let good = try await CommandRunner.run(["validate", "-f", "-"], input: Data(Self.valid.utf8))
        #expect(good.status == 0, "\(good.stderrText)")
        #expect(good.stderrText.contains("checked 1 Gateway(s) in 1 file(s): 0 problem(s)"))
        let bad = try await CommandRunner.run(["validate", "-f", "-"], input: Data(Self.valid.replacingOccurrences(of: "prod", with: "Prod").utf8))
        #expect(bad.status == 1)
        #expect(bad.stdoutText.hasPrefix("<stdin>:3:18: metadata.name: \"Prod\" is not a DNS subdomain name"), "\(bad.stdoutText)")
    }

    @Test func readsScalarsAsKubectlDoes() async throws {
        func check(_ percentage: String, suspend: String) async throws -> CommandResult {
            try await CommandRunner.run(["validate", "--output", "json", "-f", "-"], input: Data("""
                apiVersion: runbeam.io/v1alpha1
                kind: Gateway
                metadata: {name: octal}
                spec:
                  cloud: {credentialsSecretRef: {name: creds, key: token}}
                  renewal: {renewBeforePercentage: \(percentage)}
                  suspend: \(suspend)

                """.utf8))
        }
        // kubectl sends 27 and true: valid, where YAML 1.2 would read 33 and the string "yes".
        let sent = try await check("033", suspend: "yes")
        #expect(sent.status == 0, "\(sent.stderrText)")
        #expect(sent.stdoutText.contains(#""renewal":{"renewBeforePercentage":27},"suspend":true"#), "\(sent.stdoutText)")
        // Both are valid, but other YAML 1.2 readers disagree with kubectl: warnings, not problems.
        #expect(sent.stderrText.contains("<stdin>:6:36: warning: 033 is 33 in YAML 1.2 but 27 in YAML 1.1; kubectl sends 27."), "\(sent.stderrText)")
        #expect(sent.stderrText.contains(#"<stdin>:7:12: warning: yes is the string "yes" in YAML 1.2 but true in YAML 1.1; kubectl sends true."#))
        // 0144 is octal 100 as kubectl reads it: out of range.
        let octal = try await check("0144", suspend: "off")
        #expect(octal.status == 1)
        #expect(octal.stderrText.contains("<stdin>:6:36: spec.renewal.renewBeforePercentage: must be at most 99"), "\(octal.stderrText)")
    }

    @Test func checksListItems() async throws {
        let result = try await CommandRunner.run(["validate", "-f", "-"], input: Data("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: runbeam.io/v1alpha1
              kind: Gateway
              metadata: {name: first}
              spec: {cloud: {credentialsSecretRef: {name: creds, key: token}}}
            - apiVersion: runbeam.io/v1alpha1
              kind: Gateway
              metadata: {name: second}
              spec: {cloud: {credentialsSecretRef: {name: creds, key: token}}, suspend: maybe}
            ---
            apiVersion: runbeam.io/v1alpha1
            kind: GatewayList
            items:
            - metadata: {name: third}
              spec: {cloud: {credentialsSecretRef: {name: creds}}}

            """.utf8))
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stdoutText)")
        #expect(lines.first == "<stdin>:11:77: spec.suspend: must be a boolean (true or false), not a string")
        #expect(lines.last?.hasPrefix("<stdin>:17:") == true && lines.last?.contains(#"missing required field "key""#) == true)
        #expect(result.stderrText.contains("checked 3 Gateway(s)"))
    }

    @Test func anObjectKubectlCannotSendIsAProblemWhateverItsKind() async throws {
        let result = try await CommandRunner.run(["validate", "-f", "-"], input: Data("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: .inf}\n".utf8))
        #expect(result.status == 1)
        #expect(result.stdoutText == "<stdin>:4:11: .inf has no JSON representation; quote it to send it as a string\n")
    }

    @Test func aGatewayWithoutAPIVersionIsAnError() async throws {
        let result = try await CommandRunner.run(["validate", "-f", "-"], input: Data(Self.valid.replacingOccurrences(of: "apiVersion: runbeam.io/v1alpha1\n", with: "").utf8))
        #expect(result.status == 1)
        #expect(result.stdoutText == "<stdin>:1:1: apiVersion: required; kubectl rejects a Gateway without it. Add apiVersion: runbeam.io/v1alpha1\n")
        // Another group's Gateway (Gateway API) is not ours: skipped.
        let other = try await CommandRunner.run(["validate", "-f", "-"], input: Data(Self.valid.replacingOccurrences(of: "runbeam.io/v1alpha1", with: "gateway.networking.k8s.io/v1").utf8))
        #expect(other.status == 0)
        #expect(other.stderrText.contains("note: skipped Gateway"))
    }

    @Test func unknownMetadataFieldsAreReported() async throws {
        let result = try await CommandRunner.run(["validate", "-f", "-"], input: Data(Self.valid.replacingOccurrences(
            of: "metadata: {name: prod}", with: "metadata: {name: prod, label: {team: a}, annotations: {enabled: on}}").utf8))
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"<stdin>:3:24: metadata.label: unknown field "label""#), "\(result.stdoutText)")
        #expect(lines.contains("<stdin>:3:65: metadata.annotations[enabled]: must be a string, not a boolean; quote it"), "\(result.stdoutText)")
    }

    @Test func configProblemsAreAllReported() async throws {
        let folder = try TemporaryFolder(prefix: "validate-config").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.yaml")
        try Data("workers: 0\nrenewal: {jitterPercent: 90, typo: 1}\nlog: {level: loud}\n".utf8).write(to: config)
        let result = try await CommandRunner.run(["validate", "--config", config.path, "-f", "-"], input: Data(Self.valid.utf8))
        #expect(result.status == 64)
        for fragment in [":1:10: ", ":2:26: ", ":2:30: ", ":3:14: "] {
            #expect(result.stderrText.contains(config.path + fragment), "\(fragment) missing in \(result.stderrText)")
        }
        #expect(result.stderrText.contains("Usage: runbeam-operator validate"), "\(result.stderrText)")
    }
}
