import Foundation
@testable import GatewayAPI
import JSON
import Kubernetes
@testable import Operator
import Testing

/// The pieces of `status gateway` that need no cluster: relative times, workload checks and the text of a failing
/// Gateway.
@Suite struct StatusReportTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        (93_600.0, "in 1d 2h"), (-185.0, "3m 5s ago"), (0.0, "in 0s"), (3_600.0, "in 1h"), (-45.0, "45s ago"),
    ])
    func relativeTimes(_ offset: TimeInterval, _ text: String) {
        #expect(RelativeTime.describe(Self.now.addingTimeInterval(offset), from: Self.now) == text)
    }

    @Test func aWorkloadReadsTheSecretOnlyWhenItsPodTemplateReferencesIt() {
        let reading = KubernetesObject(["spec": ["template": [
            "metadata": ["annotations": [.init(stringLiteral: OperatorLabels.restartedAt): "2026-01-01T00:00:00Z"]],
            "spec": ["containers": [["name": "h", "env": [["name": "RUNBEAM_MACHINE_TOKEN", "valueFrom": ["secretKeyRef": ["name": "prod-runbeam", "key": "machine-token"]]]]]]],
        ]]])
        let other = KubernetesObject(["spec": ["template": ["spec": ["containers": [["name": "h", "envFrom": [["secretRef": ["name": "unrelated"]]]]]]]]])
        let yes = GatewayStatusReader.workload(kind: .deployment, name: "harmony", object: reading, secretName: "prod-runbeam")
        let no = GatewayStatusReader.workload(kind: .statefulSet, name: "edge", object: other, secretName: "prod-runbeam")
        let gone = GatewayStatusReader.workload(kind: .daemonSet, name: "gone", object: nil, secretName: "prod-runbeam")
        #expect(yes.readsSecret && yes.exists && yes.restartedAt == "2026-01-01T00:00:00Z")
        #expect(!no.readsSecret && no.exists && no.restartedAt == nil)
        #expect(!gone.exists && !gone.readsSecret)
    }

    @Test func aFailingGatewayShowsItsFailuresAndAWorkloadThatDoesNotReadTheSecret() {
        let report = GatewayStatusReport(
            namespace: "harmony", name: "prod",
            spec: .init(
                gatewayCode: "prod-gateway", apiURL: nil, credentialsSecret: "runbeam-api-token", credentialsKey: "token", secretName: "prod-runbeam",
                renewal: "renewBefore 240h", rollout: ["StatefulSet/edge"], suspended: false),
            specProblem: nil,
            conditions: [.init(type: "Ready", status: "False", reason: "CredentialsRejected", message: "Runbeam Cloud answered 401", lastTransitionTime: "2027-01-15T08:00:00Z")],
            secret: .init(name: "prod-runbeam", exists: true, keys: ["encryption-key", "machine-token"], ownedByGateway: false),
            expiresAt: nil, nextRenewal: nil, failedAttempts: 3, lastFailureMessage: "credential rejected (401)",
            nextAttemptTime: "2027-01-15T08:00:40Z",
            workloads: [.init(kind: "StatefulSet", name: "edge", exists: true, readsSecret: false, restartedAt: nil)],
            lastRollout: nil, events: [.init(time: "2027-01-15T07:59:00Z", type: "Warning", reason: "TokenRequestFailed", note: "401", count: 3)])
        let text = report.text(now: Date(timeIntervalSince1970: 1_800_000_000))
        for line in [
            "  API URL:     the operator's defaultAPIURL", "  Renewal:     renewBefore 240h", "Ready=False CredentialsRejected: Runbeam Cloud answered 401",
            "  Exists:      yes (not owned by this Gateway: SecretConflict)", "Failed attempts: 3, next attempt 2027-01-15T08:00:40Z (",
            "  Last failure: credential rejected (401)", "  StatefulSet/edge: does NOT read the Secret (SecretNotConsumed)",
            "Next renewal: -", "Last rollout: -", "Warning  TokenRequestFailed (x3): 401",
        ] {
            #expect(text.contains(line), "missing \(line) in:\n\(text)")
        }
    }

    @Test func aRejectedCredentialIsNotAdvisedAsMissingRBAC() {
        let rejected = StatusCommandError.from(KubernetesError.unauthorized("Unauthorized"), verb: "get", resource: "gateways.runbeam.io")
        #expect(rejected == .unauthenticated(verb: "get", resource: "gateways.runbeam.io", message: "Unauthorized"))
        #expect(rejected.description.contains("refresh the kubeconfig's token or certificate"))
        #expect(!rejected.description.contains("RBAC"))
        let refused = StatusCommandError.from(KubernetesError.forbidden("cannot get"), verb: "get", resource: "gateways.runbeam.io")
        #expect(refused.description.contains("ask for RBAC that grants it"))
    }
}
