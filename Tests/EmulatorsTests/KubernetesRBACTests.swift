import JSON
import Foundation
import Testing
@testable import Emulators

/// Per-user RBAC: ServiceAccount users authorized from the stored roles and bindings, with the real server's 403 bodies
/// (recorded in the conformance scenarios rbac-forbidden-namespaced and rbac-forbidden-cluster).
@Suite struct KubernetesRBACTests {
    static let user = KubernetesUser.serviceAccount(namespace: "ns", name: "limited")
    static let denial = "User \"system:serviceaccount:ns:limited\" cannot"

    /// An emulator with the superuser token `admin` and the user token `sa` for `system:serviceaccount:ns:limited`, and namespace `ns`.
    static func withEmulator(
        plugins: Set<KubernetesAdmissionPlugin> = [], anonymous: Bool = false,
        _ body: (KubernetesEmulator, _ admin: KubernetesTestClient, _ user: KubernetesTestClient) async throws -> Void
    ) async throws {
        let configuration = KubernetesEmulator.Configuration(
            bearerTokens: ["admin"], rolloutDelay: .milliseconds(50), users: ["sa": user], anonymousRequests: anonymous, admissionPlugins: plugins
        )
        try await withKubernetesEmulator(configuration) { emulator, admin in
            let namespace = try await admin.send("POST", "/api/v1/namespaces", body: ["metadata": ["name": "ns"]])
            #expect(namespace.status == 201)
            try await body(emulator, admin, KubernetesTestClient(baseURL: emulator.baseURL, token: "sa"))
        }
    }

    static func forbidden(_ message: String, _ details: JSONValue) -> JSONValue {
        ["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure", "message": .string(message),
         "reason": "Forbidden", "details": details, "code": 403]
    }

    static func role(_ name: String, namespace: String? = nil, rules: [JSONValue]) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        return ["metadata": metadata, "rules": .array(rules)]
    }

    static func binding(_ name: String, roleKind: String, role: String) -> JSONValue {
        ["metadata": ["name": .string(name)], "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(roleKind), "name": .string(role)],
         "subjects": [["kind": "ServiceAccount", "name": "limited", "namespace": "ns"]]]
    }

    static let rbac = "/apis/rbac.authorization.k8s.io/v1"

    @Test func aUserWithoutRolesGetsTheRecordedForbiddenBodies() async throws {
        try await Self.withEmulator { _, _, user in
            let list = try await user.send("GET", "/api/v1/namespaces/ns/configmaps")
            #expect(list.status == 403)
            #expect(list.json == Self.forbidden("configmaps is forbidden: \(Self.denial) list resource \"configmaps\" in API group \"\" in the namespace \"ns\"", ["kind": "configmaps"]))
            let get = try await user.send("GET", "/api/v1/namespaces/ns/configmaps/x")
            #expect(get.json == Self.forbidden("configmaps \"x\" is forbidden: \(Self.denial) get resource \"configmaps\" in API group \"\" in the namespace \"ns\"", ["kind": "configmaps", "name": "x"]))
            let create = try await user.send("POST", "/apis/apps/v1/namespaces/ns/deployments", body: ["metadata": ["name": "d"]])
            #expect(create.json == Self.forbidden("deployments.apps is forbidden: \(Self.denial) create resource \"deployments\" in API group \"apps\" in the namespace \"ns\"", ["group": "apps", "kind": "deployments"]))
            let watch = try await user.send("GET", "/api/v1/namespaces/ns/secrets?watch=1&timeoutSeconds=2")
            #expect(watch.json == Self.forbidden("secrets is forbidden: \(Self.denial) watch resource \"secrets\" in API group \"\" in the namespace \"ns\"", ["kind": "secrets"]))
            let status = try await user.send("PATCH", "/apis/apps/v1/namespaces/ns/deployments/d/status", body: ["status": .emptyObject], contentType: "application/merge-patch+json")
            #expect(status.json == Self.forbidden("deployments.apps \"d\" is forbidden: \(Self.denial) patch resource \"deployments/status\" in API group \"apps\" in the namespace \"ns\"", ["group": "apps", "kind": "deployments", "name": "d"]))
            let namespaces = try await user.send("GET", "/api/v1/namespaces")
            #expect(namespaces.json == Self.forbidden("namespaces is forbidden: \(Self.denial) list resource \"namespaces\" in API group \"\" at the cluster scope", ["kind": "namespaces"]))
            let crd = try await user.send("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com")
            #expect(crd.json == Self.forbidden("customresourcedefinitions.apiextensions.k8s.io \"x.example.com\" is forbidden: \(Self.denial) get resource \"customresourcedefinitions\" in API group \"apiextensions.k8s.io\" at the cluster scope", ["group": "apiextensions.k8s.io", "kind": "customresourcedefinitions", "name": "x.example.com"]))
            let everywhere = try await user.send("GET", "/api/v1/configmaps")
            #expect(everywhere.json["message"]?.stringValue == "configmaps is forbidden: \(Self.denial) list resource \"configmaps\" in API group \"\" at the cluster scope")
            for path in ["/apis", "/api", "/apis/apps/v1", "/version", "/openapi/v3", "/healthz"] {
                #expect(try await user.send("GET", path).status == 200, "\(path) is allowed for every authenticated user")
            }
            #expect(try await KubernetesTestClient(baseURL: user.baseURL, token: "unknown").send("GET", "/api").status == 401)
        }
    }

    @Test func aRoleAndRoleBindingGrantTheirVerbsInTheirNamespaceOnly() async throws {
        try await Self.withEmulator { emulator, admin, user in
            let created1 = try await admin.send("POST", "\(Self.rbac)/namespaces/ns/roles", body: Self.role("reader", rules: [
                ["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]],
            ]))
            #expect(created1.status == 201)
            #expect(try await admin.send("POST", "\(Self.rbac)/namespaces/ns/rolebindings", body: Self.binding("reader", roleKind: "Role", role: "reader")).status == 201)
            _ = try await admin.send("POST", "/api/v1/namespaces/ns/configmaps", body: ["metadata": ["name": "x"]])
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps").status == 200)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps/x").status == 200)
            #expect(try await user.send("GET", "/api/v1/namespaces/default/configmaps").status == 403)
            #expect(try await user.send("GET", "/api/v1/configmaps").status == 403, "a RoleBinding does not reach the cluster scope")
            #expect(try await user.send("DELETE", "/api/v1/namespaces/ns/configmaps/x").status == 403)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/secrets").status == 403)
            let decision = emulator.authorizer.authorize(Self.user, .init(verb: "list", resource: "configmaps", namespace: "ns"))
            #expect(decision == .init(allowed: true, reason: "RBAC: allowed by RoleBinding \"reader/ns\" of Role \"reader\" to ServiceAccount \"limited/ns\""))
            #expect(!emulator.authorizer.allows(Self.user, verb: "watch", resource: "configmaps", namespace: "ns"))
        }
    }

    @Test func aClusterRoleBindingGrantsEverywhereAndARoleBindingToAClusterRoleOnlyInItsNamespace() async throws {
        try await Self.withEmulator { emulator, admin, user in
            let created2 = try await admin.send("POST", "\(Self.rbac)/clusterroles", body: Self.role("ns-reader", rules: [
                ["apiGroups": [""], "resources": ["namespaces"], "verbs": ["list", "get"]],
                ["apiGroups": ["apps"], "resources": ["*"], "verbs": ["*"]],
            ]))
            #expect(created2.status == 201)
            #expect(try await user.send("GET", "/api/v1/namespaces").status == 403)
            #expect(try await admin.send("POST", "\(Self.rbac)/clusterrolebindings", body: Self.binding("ns-reader", roleKind: "ClusterRole", role: "ns-reader")).status == 201)
            #expect(try await user.send("GET", "/api/v1/namespaces").status == 200)
            #expect(try await user.send("GET", "/apis/apps/v1/deployments").status == 200)
            #expect(try await user.send("GET", "/apis/apps/v1/namespaces/default/statefulsets").status == 200)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps").status == 403)
            #expect(emulator.authorizer.authorize(Self.user, .init(verb: "list", resource: "namespaces")).reason
                    == "RBAC: allowed by ClusterRoleBinding \"ns-reader\" of ClusterRole \"ns-reader\" to ServiceAccount \"limited/ns\"")

            let created3 = try await admin.send("POST", "\(Self.rbac)/clusterroles", body: Self.role("cm-reader", rules: [
                ["apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]],
            ]))
            #expect(created3.status == 201)
            #expect(try await admin.send("POST", "\(Self.rbac)/namespaces/ns/rolebindings", body: Self.binding("cm-reader", roleKind: "ClusterRole", role: "cm-reader")).status == 201)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps").status == 200)
            #expect(try await user.send("GET", "/api/v1/namespaces/default/configmaps").status == 403)
            #expect(try await user.send("GET", "/api/v1/configmaps").status == 403)
        }
    }

    @Test func subresourceRulesAndResourceNames() async throws {
        try await Self.withEmulator { emulator, admin, user in
            let deployment: JSONValue = ["metadata": ["name": "d"], "spec": ["selector": ["matchLabels": ["a": "b"]], "template": ["metadata": ["labels": ["a": "b"]], "spec": ["containers": [["name": "c", "image": "nginx"]]]]]]
            #expect(try await admin.send("POST", "/apis/apps/v1/namespaces/ns/deployments", body: deployment).status == 201)
            _ = try await admin.send("POST", "/api/v1/namespaces/ns/configmaps", body: ["metadata": ["name": "mine"]])
            _ = try await admin.send("POST", "/api/v1/namespaces/ns/configmaps", body: ["metadata": ["name": "other"]])
            _ = try await admin.send("POST", "\(Self.rbac)/namespaces/ns/roles", body: Self.role("narrow", rules: [
                ["apiGroups": ["apps"], "resources": ["deployments/status"], "verbs": ["patch", "update"]],
                ["apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["mine"], "verbs": ["get", "update", "watch", "list"]],
            ]))
            _ = try await admin.send("POST", "\(Self.rbac)/namespaces/ns/rolebindings", body: Self.binding("narrow", roleKind: "Role", role: "narrow"))
            let status = try await user.send("PATCH", "/apis/apps/v1/namespaces/ns/deployments/d/status", body: ["status": ["observedGeneration": 1]], contentType: "application/merge-patch+json")
            #expect(status.status == 200)
            let main = try await user.send("PATCH", "/apis/apps/v1/namespaces/ns/deployments/d", body: ["spec": ["replicas": 3]], contentType: "application/merge-patch+json")
            #expect(main.json["message"]?.stringValue == "deployments.apps \"d\" is forbidden: \(Self.denial) patch resource \"deployments\" in API group \"apps\" in the namespace \"ns\"")
            let put = try await user.send("GET", "/apis/apps/v1/namespaces/ns/deployments/d")
            #expect(put.status == 403, "the status rule does not grant get on the main resource")
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps/mine").status == 200)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps/other").status == 403)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps").status == 403, "a list names no object")
            let pinned = try await user.send("GET", "/api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Dmine")
            #expect(pinned.status == 200, "a list pinned to one name by a field selector names it")
            let otherWatch = try await user.send("GET", "/api/v1/namespaces/ns/configmaps?watch=1&fieldSelector=metadata.name%3Dother&timeoutSeconds=1")
            #expect(otherWatch.json["message"]?.stringValue == "configmaps \"other\" is forbidden: \(Self.denial) watch resource \"configmaps\" in API group \"\" in the namespace \"ns\"")
            let update = try await user.send("PUT", "/api/v1/namespaces/ns/configmaps/mine", body: ["metadata": ["name": "mine"], "data": ["k": "v"]])
            #expect(update.status == 200)
            #expect(emulator.authorizer.allows(Self.user, verb: "update", group: "apps", resource: "deployments", subresource: "status", namespace: "ns", name: "d"))
            #expect(!emulator.authorizer.allows(Self.user, verb: "update", group: "apps", resource: "deployments", namespace: "ns", name: "d"))
        }
    }

    @Test func rbacChangesTakeEffectOnTheNextRequest() async throws {
        try await Self.withEmulator { _, admin, user in
            _ = try await admin.send("POST", "\(Self.rbac)/namespaces/ns/rolebindings", body: Self.binding("b", roleKind: "Role", role: "r"))
            let missing = try await user.send("GET", "/api/v1/namespaces/ns/secrets")
            #expect(missing.json["message"]?.stringValue == "secrets is forbidden: \(Self.denial) list resource \"secrets\" in API group \"\" in the namespace \"ns\": RBAC: role.rbac.authorization.k8s.io \"r\" not found")
            _ = try await admin.send("POST", "\(Self.rbac)/namespaces/ns/roles", body: Self.role("r", rules: [["apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]]]))
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/secrets").status == 200)
            _ = try await admin.send("PUT", "\(Self.rbac)/namespaces/ns/roles/r", body: Self.role("r", namespace: "ns", rules: [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]]]))
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/secrets").status == 403)
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps").status == 200)
            _ = try await admin.send("DELETE", "\(Self.rbac)/namespaces/ns/rolebindings/b")
            #expect(try await user.send("GET", "/api/v1/namespaces/ns/configmaps").status == 403)
        }
    }

    @Test func groupAndUserSubjectsAndAnonymousRequests() async throws {
        try await Self.withEmulator(anonymous: true) { emulator, admin, user in
            _ = try await admin.send("POST", "\(Self.rbac)/clusterroles", body: Self.role("lister", rules: [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]]]))
            var binding = Self.binding("by-group", roleKind: "ClusterRole", role: "lister")
            binding["subjects"] = [["kind": "Group", "name": "system:serviceaccounts:ns", "apiGroup": "rbac.authorization.k8s.io"]]
            _ = try await admin.send("POST", "\(Self.rbac)/clusterrolebindings", body: binding)
            #expect(try await user.send("GET", "/api/v1/configmaps").status == 200)
            let someone = KubernetesUser(name: "jane", groups: ["dev"])
            #expect(!emulator.authorizer.allows(someone, verb: "list", resource: "configmaps"))
            binding["metadata"] = ["name": "by-user"]
            binding["subjects"] = [["kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"]]
            _ = try await admin.send("POST", "\(Self.rbac)/clusterrolebindings", body: binding)
            #expect(emulator.authorizer.allows(someone, verb: "list", resource: "configmaps", namespace: "default"))
            #expect(emulator.authorizer.allows(KubernetesUser(name: "root", groups: ["system:masters"]), verb: "delete", resource: "nodes"))

            let anonymous = KubernetesTestClient(baseURL: emulator.baseURL, token: nil)
            let version = try await anonymous.send("GET", "/version")
            #expect(version.status == 200)
            let namespaces = try await anonymous.send("GET", "/api/v1/namespaces")
            #expect(namespaces.json == Self.forbidden("namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope", ["kind": "namespaces"]))
            let discovery = try await anonymous.send("GET", "/apis")
            #expect(discovery.json == Self.forbidden("forbidden: User \"system:anonymous\" cannot get path \"/apis\"", .emptyObject))
        }
    }

    @Test func theCommandLineUserFormMapsServiceAccountsAndPlainUsers() {
        #expect(KubernetesUser(parsing: "system:serviceaccount:ns:limited") == Self.user)
        #expect(KubernetesUser(parsing: "jane") == KubernetesUser(name: "jane"))
    }
}

/// `kubectl auth can-i`, as recorded in the conformance scenario rbac-selfsubjectaccessreview.
@Suite struct KubernetesSelfSubjectAccessReviewTests {
    static let review: JSONValue = ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                                    "spec": ["resourceAttributes": ["namespace": "ns", "verb": "list", "resource": "configmaps"]]]

    @Test func answersFromTheRequestersPermissions() async throws {
        try await KubernetesRBACTests.withEmulator { _, admin, user in
            let adminReview = try await admin.send("POST", KubernetesSelfSubjectAccessReview.path, body: Self.review)
            #expect(adminReview.status == 201)
            #expect(adminReview.json["kind"] == "SelfSubjectAccessReview")
            #expect(adminReview.json["status"] == ["allowed": true])
            let denied = try await user.send("POST", KubernetesSelfSubjectAccessReview.path, body: Self.review)
            #expect(denied.status == 201)
            #expect(denied.json["status"] == ["allowed": false])
            #expect(denied.json["spec"] == Self.review["spec"])
            _ = try await admin.send("POST", "\(KubernetesRBACTests.rbac)/namespaces/ns/roles", body: KubernetesRBACTests.role("r", rules: [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]]]))
            _ = try await admin.send("POST", "\(KubernetesRBACTests.rbac)/namespaces/ns/rolebindings", body: KubernetesRBACTests.binding("b", roleKind: "Role", role: "r"))
            let allowed = try await user.send("POST", KubernetesSelfSubjectAccessReview.path, body: Self.review)
            #expect(allowed.json["status"] == ["allowed": true, "reason": "RBAC: allowed by RoleBinding \"b/ns\" of Role \"r\" to ServiceAccount \"limited/ns\""])
        }
    }
}
