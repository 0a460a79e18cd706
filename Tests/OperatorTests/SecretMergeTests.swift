import Foundation
@testable import GatewayAPI
@testable import GatewayCore
import Kubernetes
import Testing
@testable import Operator

/// What a Secret replace keeps of what others added.
@Suite struct SecretMergeTests {
    static let ours = OwnerReference(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", name: "prod", uid: "uid-prod", controller: true, blockOwnerDeletion: true)
    static let theirs = OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "inventory", uid: "uid-inventory")

    static func secret(owners: [OwnerReference], labels: [String: String] = [:]) -> ManagedSecret {
        ManagedSecret(name: "prod-runbeam", namespace: "harmony", labels: labels, ownerReferences: owners, resourceVersion: "7")
    }

    @Test func ownerReferencesKeepTheirOrderWhenOursIsAmongThem() {
        // A reorder would change metadata.ownerReferences: under owner-reference admission that needs delete on Secrets.
        let merged = GatewayReconciler.merge(Self.secret(owners: [Self.ours]), over: Self.secret(owners: [Self.theirs, Self.ours]))
        #expect(merged.ownerReferences == [Self.theirs, Self.ours])
    }

    @Test func oursComesFirstWhenMissingAndOthersAreKept() {
        let merged = GatewayReconciler.merge(Self.secret(owners: [Self.ours]), over: Self.secret(owners: [Self.theirs], labels: ["team": "a"]))
        #expect(merged.ownerReferences == [Self.ours, Self.theirs])
        #expect(merged.labels["team"] == "a")
        #expect(merged.resourceVersion == "7")
    }
}
