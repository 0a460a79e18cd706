import Foundation
import JSON
import TestSupport
import Testing

/// Another writer changes what the operator manages.
@Suite struct AnotherWriterFaultTests {
    static let secrets = "/api/v1/namespaces/\(FaultCluster.namespace)/secrets"
    static let gateways = "/apis/runbeam.io/v1alpha1/namespaces/\(FaultCluster.namespace)/gateways"
    static let deployments = "/apis/apps/v1/namespaces/\(FaultCluster.namespace)/deployments"

    @Test func editsTheManagedSecret() async throws {
        try await FaultRun.scenario("writer: edits the managed Secret") { run in
            let garbage = Data("not a machine token".utf8).base64EncodedString()
            let (status, body) = try await run.cluster.apiRequest(
                "PATCH", "\(Self.secrets)/alpha-runbeam", body: ["data": ["machine-token": .string(garbage)]],
                contentType: "application/merge-patch+json")
            #expect(status == 200)
            let version = try #require(body?[path: ["metadata", "resourceVersion"]]?.stringValue.flatMap { Int($0) })
            run.cluster.recorder.markForeign(resourceVersion: version)
            let repaired = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
                run.cluster.secret("alpha").flatMap(SecretVersion.tokenPayload) != nil && run.cluster.hasConverged("alpha")
            }
            #expect(repaired, "the operator did not repair the edited Secret; output:\n\(run.output.suffix(3000))")
        }
    }

    @Test func deletesTheManagedSecret() async throws {
        try await FaultRun.scenario("writer: deletes the managed Secret") { run in
            let (status, _) = try await run.cluster.apiRequest("DELETE", "\(Self.secrets)/alpha-runbeam")
            #expect(status == 200)
            let deletion = try #require(run.cluster.recorder.secretVersions.last { $0.gateway == "alpha" && $0.event == "DELETED" })
            run.cluster.recorder.markForeign(resourceVersion: deletion.resourceVersion)
            let recreated = await eventually(timeout: .seconds(15), every: .milliseconds(100)) { run.cluster.secret("alpha") != nil && run.cluster.hasConverged("alpha") }
            #expect(recreated, "the operator did not recreate the deleted Secret; output:\n\(run.output.suffix(3000))")
        }
    }

    @Test func editsTheGatewaySpec() async throws {
        try await FaultRun.scenario("writer: edits the Gateway spec (gatewayCode)") { run in
            // The edit races with the operator's status write: that write meets a conflict and must re-read the Gateway.
            run.cluster.kubeFaults?.failNext(1, matching: .init(verb: "update", pathContains: "/gateways/alpha/status"), with: .conflict)
            let (status, _) = try await run.cluster.apiRequest(
                "PATCH", "\(Self.gateways)/alpha", body: ["spec": ["gatewayCode": "faults-alpha-moved"]],
                contentType: "application/merge-patch+json")
            #expect(status == 200)
            let reissued = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
                run.cluster.secret("alpha").flatMap(SecretVersion.tokenPayload)?.gatewayCode == "faults-alpha-moved" && run.cluster.hasConverged("alpha")
            }
            #expect(reissued, "no token for the new gateway code; output:\n\(run.output.suffix(3000))")
        }
    }

    @Test func deletesARolloutTarget() async throws {
        try await FaultRun.scenario("writer: deletes a rollout target", excludingRolloutTargets: ["harmony-alpha"]) { run in
            let (status, _) = try await run.cluster.apiRequest("DELETE", "\(Self.deployments)/harmony-alpha")
            #expect(status == 200)
            // The next renewal still writes the Secret, and reports the missing target.
            let before = run.cluster.recorder.tokenChanges("alpha").count
            let renewed = await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
                run.cluster.recorder.tokenChanges("alpha").count > before
                    && run.cluster.gateway("alpha")?[path: ["status", "conditions"]]?.arrayValue?.contains {
                        $0["type"] == "RolloutComplete" && $0["status"] == "False"
                    } == true
            }
            #expect(renewed, "no renewal with RolloutComplete=False while the target is missing; output:\n\(run.output.suffix(3000))")
            // The target comes back; later token changes roll it again.
            let restored = FaultCluster.workload(kind: "Deployment", name: "harmony-alpha", env: FaultCluster.harmonyEnvironment(gateway: "alpha"))
            let (created, _) = try await run.cluster.apiRequest("POST", Self.deployments, body: restored)
            #expect(created == 201)
        }
    }
}
