import JSON
import Foundation
import Testing
@testable import Emulators

/// The OwnerReferencesPermissionEnforcement admission plugin, as recorded in the conformance scenario
/// ownerref-blockownerdeletion-nonadmin-orpe.
@Suite struct KubernetesOwnerReferenceAdmissionTests {
    static let rbac = "/apis/rbac.authorization.k8s.io/v1/namespaces/ns"
    static let configMaps = "/api/v1/namespaces/ns/configmaps"
    static let allVerbs: JSONValue = ["get", "list", "watch", "create", "update", "patch", "delete"]

    static func writerRole(extra: [JSONValue] = [], verbs: JSONValue = allVerbs) -> JSONValue {
        ["metadata": ["name": "cm-writer", "namespace": "ns"], "rules": .array([["apiGroups": [""], "resources": ["configmaps"], "verbs": verbs]] + extra)]
    }

    static func reference(_ uid: String, block: Bool? = nil) -> JSONValue {
        var reference: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": .string(uid)]
        if let block { reference["blockOwnerDeletion"] = .bool(block) }
        return reference
    }

    /// Creates the role, its binding to the user and the owner ConfigMap; returns the owner's uid.
    static func setUp(_ admin: KubernetesTestClient, verbs: JSONValue = allVerbs) async throws -> String {
        #expect(try await admin.send("POST", "\(rbac)/roles", body: writerRole(verbs: verbs)).status == 201)
        #expect(try await admin.send("POST", "\(rbac)/rolebindings", body: KubernetesRBACTests.binding("cm-writer", roleKind: "Role", role: "cm-writer")).status == 201)
        let owner = try await admin.send("POST", configMaps, body: ["metadata": ["name": "owner"]])
        return owner.json.metadataUID
    }

    @Test func blockOwnerDeletionNeedsUpdateOnTheOwnersFinalizers() async throws {
        try await KubernetesRBACTests.withEmulator(plugins: [.ownerReferencesPermissionEnforcement]) { _, admin, user in
            let uid = try await Self.setUp(admin)
            let plain = try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "dep1", "ownerReferences": [Self.reference(uid)]]])
            #expect(plain.status == 201)
            #expect(plain.json[path: ["metadata", "ownerReferences"]]?.arrayValue?.count == 1)

            var blocking = Self.reference(uid, block: true)
            blocking["controller"] = true
            let denied = try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "dep2", "ownerReferences": [blocking]]])
            #expect(denied.json == KubernetesRBACTests.forbidden(
                "configmaps \"dep2\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>",
                ["kind": "configmaps", "name": "dep2"]))

            let addBlock = try await user.send("PATCH", "\(Self.configMaps)/dep1", body: ["metadata": ["ownerReferences": [Self.reference(uid, block: true)]]], contentType: "application/merge-patch+json")
            #expect(addBlock.status == 403)
            #expect(addBlock.json["message"]?.stringValue == "configmaps \"dep1\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>")

            let granted = try await admin.send("PUT", "\(Self.rbac)/roles/cm-writer", body: Self.writerRole(extra: [["apiGroups": [""], "resources": ["configmaps/finalizers"], "verbs": ["update"]]]))
            #expect(granted.status == 200)
            let allowed = try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "dep3", "ownerReferences": [Self.reference(uid, block: true)]]])
            #expect(allowed.status == 201)
            let nowAdded = try await user.send("PATCH", "\(Self.configMaps)/dep1", body: ["metadata": ["ownerReferences": [Self.reference(uid, block: true)]]], contentType: "application/merge-patch+json")
            #expect(nowAdded.status == 200)
        }
    }

    @Test func changingOwnerReferencesOnUpdateNeedsDeleteOnTheObject() async throws {
        try await KubernetesRBACTests.withEmulator(plugins: [.ownerReferencesPermissionEnforcement]) { _, admin, user in
            let uid = try await Self.setUp(admin, verbs: ["get", "list", "create", "update", "patch"])
            #expect(try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "dep1", "ownerReferences": [Self.reference(uid)]]]).status == 201,
                    "creating with owner references needs no delete")
            let unchanged = try await user.send("PATCH", "\(Self.configMaps)/dep1", body: ["data": ["k": "v"]], contentType: "application/merge-patch+json")
            #expect(unchanged.status == 200, "a write that keeps the owner references needs no delete")
            let dropped = try await user.send("PATCH", "\(Self.configMaps)/dep1", body: ["metadata": ["ownerReferences": .null]], contentType: "application/merge-patch+json")
            #expect(dropped.json == KubernetesRBACTests.forbidden(
                "configmaps \"dep1\" is forbidden: cannot set an ownerRef on a resource you can't delete: , <nil>", ["kind": "configmaps", "name": "dep1"]))
            var current = try await user.send("GET", "\(Self.configMaps)/dep1").json
            current[path: ["metadata", "ownerReferences"]] = [Self.reference(uid, block: false)]
            let put = try await user.send("PUT", "\(Self.configMaps)/dep1", body: current)
            #expect(put.status == 403, "blockOwnerDeletion false differs from absent")
            let owner = try await admin.send("GET", "\(Self.configMaps)/owner")
            #expect(owner.status == 200)
            #expect(try await admin.send("PATCH", "\(Self.configMaps)/dep1", body: ["metadata": ["ownerReferences": .null]], contentType: "application/merge-patch+json").status == 200,
                    "superusers are not subject to admission")
        }
    }

    @Test func ownersOfOtherGroupsAndUnknownKinds() async throws {
        try await KubernetesRBACTests.withEmulator(plugins: [.ownerReferencesPermissionEnforcement]) { _, admin, user in
            _ = try await Self.setUp(admin)
            let owner: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "u1", "blockOwnerDeletion": true]
            let denied = try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "a", "ownerReferences": [owner]]])
            #expect(denied.status == 403)
            _ = try await admin.send("POST", "\(Self.rbac)/roles", body: ["metadata": ["name": "finalize-web"], "rules": [
                ["apiGroups": ["apps"], "resources": ["deployments/finalizers"], "resourceNames": ["web"], "verbs": ["update"]],
            ]])
            _ = try await admin.send("POST", "\(Self.rbac)/rolebindings", body: KubernetesRBACTests.binding("finalize-web", roleKind: "Role", role: "finalize-web"))
            #expect(try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "a", "ownerReferences": [owner]]]).status == 201)
            let unknown: JSONValue = ["apiVersion": "example.com/v1", "kind": "Gizmo", "name": "g", "uid": "u2", "blockOwnerDeletion": true]
            let unmapped = try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "b", "ownerReferences": [unknown]]])
            #expect(unmapped.json["message"]?.stringValue == "configmaps \"b\" is forbidden: cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion example.com/v1 Kind Gizmo: no matches for kind \"Gizmo\" in version \"example.com/v1\"")
        }
    }

    @Test func customResourceOwnersAreResolvedThroughTheirDefinition() async throws {
        try await KubernetesRBACTests.withEmulator(plugins: [.ownerReferencesPermissionEnforcement]) { emulator, admin, user in
            _ = try await Self.setUp(admin)
            try emulator.store.create(KubernetesStoreTests.widgetCRD)
            let owner: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "name": "w", "uid": "u1", "blockOwnerDeletion": true]
            let denied = try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "a", "ownerReferences": [owner]]])
            #expect(denied.json["message"]?.stringValue == "configmaps \"a\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>")
            _ = try await admin.send("POST", "\(Self.rbac)/roles", body: ["metadata": ["name": "finalize-widgets"], "rules": [
                ["apiGroups": ["example.com"], "resources": ["widgets/finalizers"], "verbs": ["update"]],
            ]])
            _ = try await admin.send("POST", "\(Self.rbac)/rolebindings", body: KubernetesRBACTests.binding("finalize-widgets", roleKind: "Role", role: "finalize-widgets"))
            #expect(try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "a", "ownerReferences": [owner]]]).status == 201)
        }
    }

    @Test func withoutThePluginOwnerReferencesNeedNoExtraPermission() async throws {
        try await KubernetesRBACTests.withEmulator { _, admin, user in
            let uid = try await Self.setUp(admin)
            #expect(try await user.send("POST", Self.configMaps, body: ["metadata": ["name": "dep2", "ownerReferences": [Self.reference(uid, block: true)]]]).status == 201)
        }
    }
}
