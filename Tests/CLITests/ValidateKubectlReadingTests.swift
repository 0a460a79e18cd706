import Foundation
import JSON
import Testing

/// `validate` reads every scalar as kubectl does: the same file through `validate --output json`
/// and `kubectl create --dry-run=client -o json`, compared field by field.
@Suite(.enabled(if: Kubectl.available, "kubectl not found on PATH or in $KUBECTL"))
struct ValidateKubectlReadingTests {
    static let forms = [
        "033", "0100", "0777", "08", "09.5", "0", "-0", "0x1F", "0X1F", "+0x1F", "-0x1F", "0o17", "0b101", "-0b101",
        "1_000", "1__0", "0_33", "1_0.5", "+12", "1e3", "1.5e3", "1.0", "1.", ".5", "+.5", "-.5", "1.5", "6.02e23",
        "1e20", "9223372036854775807", "0.5e-7", ".1_0", "1_",
        "yes", "Yes", "YES", "no", "NO", "on", "On", "off", "OFF", "y", "Y", "n", "N", "True", "FALSE", "yES", "tRUE",
        "~", "null", "NULL", "", "1:30", "190:20:30", "12:30:00", "2001-12-14", "2001-12-14T21:59:43.10-05:00",
        "0x", "0o8", "0b2", "_1", "1,000", "1e", "0x1f.8", "'033'", "\"yes\"", "!!str 033", "!!int 033", "!!bool yes",
    ]

    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gateways.runbeam.io}
        spec:
          group: runbeam.io
          scope: Namespaced
          names: {plural: gateways, singular: gateway, kind: Gateway, shortNames: [rbgw]}
          versions:
          - name: v1alpha1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}

        """

    @Test func everyScalarFormReadsAsKubectlReadsIt() async throws {
        #expect(Self.forms.count >= 30)
        var manifest = "apiVersion: runbeam.io/v1alpha1\nkind: Gateway\nmetadata: {name: scalars, namespace: default}\nspec:\n  scalars:\n"
        for (index, form) in Self.forms.enumerated() { manifest += "    k\(index): \(form)\n" }
        manifest += "  keys: {y: 1, off: 2, 033: 3, 0x1F: 4, 1e3: 5}\n"
        let kubectl = try await Kubectl.withEmulator()
        do {
            try await compare(manifest, kubectl)
        } catch {
            await kubectl.stop()
            throw error
        }
        await kubectl.stop()
    }

    private func compare(_ manifest: String, _ kubectl: Kubectl) async throws {
        let file = kubectl.folder.appendingPathComponent("scalars.yaml")
        try Data(manifest.utf8).write(to: file)
        let crd = kubectl.folder.appendingPathComponent("crd.yaml")
        try Data(Self.crd.utf8).write(to: crd)
        let applied = try await kubectl.run(["apply", "-f", crd.path])
        try #require(applied.status == 0, "\(applied.stderrText)")

        var sent = try await kubectl.run(["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", file.path])
        for _ in 0..<50 where sent.status != 0 {  // discovery may lag the CRD by a moment
            try await Task.sleep(for: .milliseconds(100))
            sent = try await kubectl.run(["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", file.path])
        }
        try #require(sent.status == 0, "\(sent.stderrText)")
        let read = try await CommandRunner.run(["validate", "--output", "json", "-f", file.path])
        let line = try #require(read.stdoutText.split(separator: "\n").first, "validate printed no object: \(read.stderrText)")

        let kubectlSpec = try #require(try JSONValue(parsing: sent.stdoutText)["spec"])
        let validateSpec = try #require(try JSONValue(parsing: String(line))["spec"])
        for (index, form) in Self.forms.enumerated() {
            let expected = kubectlSpec["scalars"]?["k\(index)"] ?? .null
            let actual = validateSpec["scalars"]?["k\(index)"] ?? .null
            #expect(Self.same(actual, expected), "\(form): kubectl sends \(expected), validate reads \(actual)")
        }
        #expect(validateSpec["keys"] == kubectlSpec["keys"])
    }

    /// Equal, or numbers of equal value (kubectl writes 1e20 as 100000000000000000000).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if a == b { return true }
        guard let x = a.doubleValue, let y = b.doubleValue, a.boolValue == nil, b.boolValue == nil else { return false }
        return x == y
    }
}
