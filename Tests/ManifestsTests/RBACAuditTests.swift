import Manifests
import Testing

@Suite struct RBACAuditTests {
    @Test(arguments: [
        ("/api/v1/namespaces/harmony/secrets/prod-runbeam", APIRequest(verb: "get", group: "", resource: "secrets", namespace: "harmony")),
        ("/api/v1/secrets", APIRequest(verb: "get", group: "", resource: "secrets", namespace: nil)),
        ("/api/v1/namespaces/harmony", APIRequest(verb: "get", group: "", resource: "namespaces", namespace: nil)),
        ("/apis/runbeam.io/v1alpha1/namespaces/harmony/gateways/prod/status", APIRequest(verb: "get", group: "runbeam.io", resource: "gateways/status", namespace: "harmony")),
        ("/apis/runbeam.io/v1alpha1/gateways", APIRequest(verb: "get", group: "runbeam.io", resource: "gateways", namespace: nil)),
        ("/apis/apps/v1/namespaces/harmony/deployments/harmony", APIRequest(verb: "get", group: "apps", resource: "deployments", namespace: "harmony")),
    ])
    func parsesResourcePaths(path: String, expected: APIRequest) {
        #expect(APIRequest(verb: "get", path: path) == expected)
    }

    @Test(arguments: ["/api", "/apis", "/apis/apps", "/version", "/healthz", "/openapi/v2"])
    func nonResourcePathsAreNotResourceRequests(path: String) {
        #expect(APIRequest(verb: "get", path: path) == nil)
    }

    @Test func allowsClusterRulesEverywhereAndRoleRulesOnlyInItsNamespace() {
        let audit = RBACAudit(namespace: "runbeam-system")
        #expect(audit.permission(for: APIRequest(verb: "watch", group: "", resource: "secrets", namespace: nil)) != nil)
        #expect(audit.permission(for: APIRequest(verb: "update", group: "runbeam.io", resource: "gateways/status", namespace: "a")) != nil)
        #expect(audit.permission(for: APIRequest(verb: "update", group: "coordination.k8s.io", resource: "leases", namespace: "runbeam-system")) != nil)
        #expect(audit.permission(for: APIRequest(verb: "update", group: "coordination.k8s.io", resource: "leases", namespace: "harmony")) == nil)
        #expect(audit.permission(for: APIRequest(verb: "delete", group: "", resource: "secrets", namespace: "harmony")) == nil)
        #expect(audit.permission(for: APIRequest(verb: "patch", group: "runbeam.io", resource: "gateways", namespace: "harmony")) == nil)
    }

    @Test func reportsDeniedRequestsAndUnusedPermissions() {
        let audit = RBACAudit(
            clusterRules: [PolicyRule(apiGroups: [""], resources: ["secrets"], verbs: ["get", "create"])],
            namespacedRules: [PolicyRule(apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get"])],
            namespace: "ops"
        )
        let result = audit.check([
            APIRequest(verb: "get", path: "/api/v1/namespaces/harmony/secrets/a"),
            APIRequest(verb: "get", path: "/api"),
            APIRequest(verb: "delete", path: "/api/v1/namespaces/harmony/secrets/a"),
            APIRequest(verb: "delete", path: "/api/v1/namespaces/harmony/secrets/a"),
            APIRequest(verb: "get", path: "/apis/coordination.k8s.io/v1/namespaces/harmony/leases/x"),
        ])
        #expect(result.denied.map(\.description) == ["delete core/secrets in harmony", "get coordination.k8s.io/leases in harmony"])
        #expect(result.unused.map(\.description) == ["create core/secrets (ClusterRole)", "get coordination.k8s.io/leases (Role)"])
    }

    @Test func aSecretCreateNeedsUpdateOnGatewayFinalizersUnderOwnerReferenceAdmission() throws {
        let create = APIRequest(verb: "create", path: "/api/v1/namespaces/harmony/secrets")
        #expect(OwnerReferencesAdmission.operatorReferenceBlocksOwnerDeletion)
        #expect(OwnerReferencesAdmission.impliedChecks(for: try #require(create)) == [
            APIRequest(verb: "update", group: "runbeam.io", resource: "gateways/finalizers", namespace: "harmony")
        ])
        // A replace keeps the owner references unchanged: no check.
        #expect(OwnerReferencesAdmission.impliedChecks(for: APIRequest(verb: "update", group: "", resource: "secrets", namespace: "harmony")).isEmpty)

        // Without the finalizers rule the audit reports the create's admission check as denied, so the gap cannot return.
        let withoutRule = RBACAudit(
            clusterRules: OperatorPermissions.cluster.filter { $0.resources != ["gateways/finalizers"] }, namespace: "runbeam-system")
        #expect(withoutRule.check([create]).denied.map(\.description) == ["update runbeam.io/gateways/finalizers in harmony"])
        // With the shipped roles it is allowed, and the rule counts as used.
        let shipped = RBACAudit(namespace: "runbeam-system").check([create])
        #expect(shipped.denied.isEmpty)
        #expect(!shipped.unused.contains { $0.resource == "gateways/finalizers" })
    }
}
