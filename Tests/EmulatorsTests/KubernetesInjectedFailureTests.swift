import JSON
import Foundation
import Testing
@testable import Emulators

/// The forbidden, invalid and quotaExceeded injected failures: Status bodies naming the request's resource and object.
@Suite struct KubernetesInjectedFailureTests {
    static let configuration = KubernetesEmulator.Configuration(rolloutDelay: .milliseconds(50))

    @Test func forbiddenDefaultsToTheBlockOwnerDeletionDenialOfTheRequestsObject() async throws {
        try await withKubernetesEmulator(Self.configuration) { emulator, client in
            emulator.faults.failNext(1, matching: .init(verb: "create"), with: .forbidden())
            let create = try await client.send("POST", "/apis/apps/v1/namespaces/default/deployments", body: ["metadata": ["name": "web"]])
            #expect(create.status == 403)
            #expect(create.json == KubernetesRBACTests.forbidden(
                "deployments.apps \"web\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>",
                ["group": "apps", "kind": "deployments", "name": "web"]))
            emulator.faults.failNext(1, with: .forbidden(message: "no way"))
            let patch = try await client.send("PATCH", "/api/v1/namespaces/default/configmaps/c", body: .emptyObject, contentType: "application/merge-patch+json")
            #expect(patch.json == KubernetesRBACTests.forbidden("no way", ["kind": "configmaps", "name": "c"]))
            #expect(try await client.send("GET", "/api/v1/namespaces/default/configmaps").status == 200, "a failure is used up")
        }
    }

    @Test func invalidHasTheRealShapeWithCauses() async throws {
        try await withKubernetesEmulator(Self.configuration) { emulator, client in
            emulator.faults.failNext(1, with: .invalid())
            let defaulted = try await client.send("PUT", "/apis/apps/v1/namespaces/default/deployments/web", body: ["metadata": ["name": "web"]])
            #expect(defaulted.status == 422)
            #expect(defaulted.json == [
                "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure", "reason": "Invalid", "code": 422,
                "message": "Deployment.apps \"web\" is invalid: metadata: Invalid value: \"web\": injected by the emulator",
                "details": ["name": "web", "group": "apps", "kind": "Deployment", "causes": [
                    ["reason": "FieldValueInvalid", "message": "Invalid value: \"web\": injected by the emulator", "field": "metadata"],
                ]],
            ])
            let denial = "admission webhook \"validate.policy.example\" denied the request: images must come from registry.example"
            emulator.faults.failNext(1, with: .invalid(message: denial))
            let webhook = try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["generateName": "cm-"]])
            #expect(webhook.json["message"] == .string(denial))
            #expect(webhook.json["details"] == ["name": "cm-", "kind": "ConfigMap", "causes": [["reason": "FieldValueInvalid", "message": .string(denial)]]])
        }
    }

    @Test func quotaExceededNamesTheQuotaAndTheObjectCount() async throws {
        try await withKubernetesEmulator(Self.configuration) { emulator, client in
            emulator.faults.failNext(1, matching: .init(pathContains: "/secrets"), with: .quotaExceeded(quota: "secret-count", limit: 10))
            let create = try await client.send("POST", "/api/v1/namespaces/default/secrets", body: ["metadata": ["name": "s1"]])
            #expect(create.json == KubernetesRBACTests.forbidden(
                "secrets \"s1\" is forbidden: exceeded quota: secret-count, requested: count/secrets=1, used: count/secrets=10, limited: count/secrets=10",
                ["kind": "secrets", "name": "s1"]))
        }
    }

    @Test func theControlEndpointInjectsTheNewKinds() async throws {
        try await withKubernetesEmulator(Self.configuration) { _, client in
            let bad = try await client.send("POST", "/emulator/v1/faults/fail", body: ["failure": "nonsense"])
            #expect(bad.status == 400)
            #expect(try await client.send("POST", "/emulator/v1/faults/fail", body: ["failure": "quotaExceeded", "quota": "q", "limit": 2, "pathContains": "/secrets"]).status == 200)
            let quota = try await client.send("POST", "/api/v1/namespaces/default/secrets", body: ["metadata": ["name": "s"]])
            #expect(quota.json["message"]?.stringValue == "secrets \"s\" is forbidden: exceeded quota: q, requested: count/secrets=1, used: count/secrets=2, limited: count/secrets=2")
            _ = try await client.send("POST", "/emulator/v1/faults/fail", body: ["failure": "forbidden", "verb": "delete"])
            let delete = try await client.send("DELETE", "/api/v1/namespaces/default/configmaps/x")
            #expect(delete.status == 403)
            #expect(delete.json["details"] == ["kind": "configmaps", "name": "x"])
            _ = try await client.send("POST", "/emulator/v1/faults/fail", body: ["failure": "invalid", "message": "denied", "count": 2])
            for _ in 0..<2 {
                let invalid = try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": "c"]])
                #expect(invalid.status == 422)
                #expect(invalid.json["message"]?.stringValue == "denied")
            }
            #expect(try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": "c"]]).status == 201)
        }
    }
}
