import Foundation
import Testing

/// The kubectl commands people run beside the operator, through the real kubectl against `runbeam-operator
/// emulator kubernetes`: `create deployment` (a protobuf body), `create -f` of a `List` (client-side validation
/// reads `/openapi/v2`), `explain` of the Gateway, `describe` of a Gateway with the Events the operator records
/// through events.k8s.io/v1, and `get events` (core/v1, the same store).
@Suite(.enabled(if: Kubectl.available, "kubectl not found on PATH or in $KUBECTL"))
struct KubectlEverydayCommandsTests {
    @Test func createExplainDescribeAndEvents() async throws {
        try await Kubectl.withEmulator(check)
    }

    private func check(_ kube: Kubectl) async throws {
        // kubectl create deployment sends a protobuf body.
        let deployment = try await kube.run(["create", "deployment", "harmony", "--image=ghcr.io/aurabx/harmony:latest", "-n", "default"])
        #expect(deployment.status == 0, "\(deployment.stderrText)")
        #expect(deployment.stdoutText.contains("deployment.apps/harmony created"))
        #expect(try await kube.run(["get", "deployment", "harmony", "-n", "default", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]).stdoutText
            == "ghcr.io/aurabx/harmony:latest")

        // A List, validated client-side against /openapi/v2 before it is sent.
        let list = Data(#"""
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "one", "namespace": "default"}, "data": {"a": "1"}},
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "two", "namespace": "default"}, "data": {"b": "2"}}
            ]}
            """#.utf8)
        let created = try await kube.run(["create", "-f", "-"], input: list)
        #expect(created.status == 0, "\(created.stderrText)")
        #expect(created.stdoutText.contains("configmap/one created") && created.stdoutText.contains("configmap/two created"), "\(created.stdoutText)")

        // The Gateway CRD, a Gateway, and explain on its schema.
        try await kube.createExampleGateway()
        let explain = try await kube.run(["explain", "rbgw.spec.cloud"])
        #expect(explain.status == 0, "\(explain.stderrText)")
        #expect(explain.stdoutText.contains("credentialsSecretRef"), "\(explain.stdoutText)")

        // An Event recorded the way the operator records it (events.k8s.io/v1), about the Gateway.
        let uid = try await kube.run(["get", "rbgw", "prod", "-n", "default", "-o", "jsonpath={.metadata.uid}"]).stdoutText
        let event = Data("""
            {"apiVersion": "events.k8s.io/v1", "kind": "Event",
             "metadata": {"name": "prod.token-issued", "namespace": "default"},
             "eventTime": "2026-12-01T10:00:00.000000Z", "reportingController": "runbeam.io/runbeam-operator", "reportingInstance": "test",
             "action": "Reconcile", "reason": "TokenIssued", "type": "Normal",
             "note": "token for gateway prod written to Secret prod-runbeam",
             "regarding": {"apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway", "name": "prod", "namespace": "default", "uid": "\(uid)"}}
            """.utf8)
        let recorded = try await kube.run(["create", "-f", "-"], input: event)
        #expect(recorded.status == 0, "\(recorded.stderrText)")
        let describe = try await kube.run(["describe", "rbgw", "prod", "-n", "default"])
        #expect(describe.status == 0, "\(describe.stderrText)")
        #expect(describe.stdoutText.contains("Events:"), "\(describe.stdoutText)")
        #expect(describe.stdoutText.contains("TokenIssued") && describe.stdoutText.contains("token for gateway prod written"), "\(describe.stdoutText)")
        let events = try await kube.run(["get", "events", "-n", "default"])
        #expect(events.status == 0, "\(events.stderrText)")
        #expect(events.stdoutText.contains("TokenIssued") && events.stdoutText.contains("gateway/prod"), "\(events.stdoutText)")
    }
}
