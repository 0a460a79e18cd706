import JSON
import Foundation
import Testing
@testable import Emulators

@Suite struct KubernetesStoreTests {
    static let widgetCRD: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
            "group": "example.com", "scope": "Namespaced",
            "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wg"]],
            "versions": [[
                "name": "v1", "served": true, "storage": true, "subresources": ["status": .emptyObject],
                "schema": ["openAPIV3Schema": [
                    "type": "object",
                    "properties": [
                        "spec": ["type": "object", "required": ["size"], "properties": [
                            "size": ["type": "integer", "minimum": 1, "maximum": 10],
                            "color": ["type": "string", "enum": ["red", "blue"], "default": "red"],
                        ]],
                        "status": ["type": "object", "properties": ["phase": ["type": "string"]]],
                    ],
                ]],
            ]],
        ],
    ]

    func storeWithWidgets() throws -> (KubernetesStore, KubernetesResourceType) {
        let store = KubernetesStore()
        try store.create(Self.widgetCRD)
        let type = try #require(store.type(group: "example.com", version: "v1", plural: "widgets"))
        return (store, type)
    }

    @Test func createSetsServerFieldsAndDefaults() throws {
        let (store, _) = try storeWithWidgets()
        let widget = try store.create(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w", "namespace": "default"], "spec": ["size": 2], "status": ["phase": "x"]])
        #expect(!widget.metadataUID.isEmpty)
        #expect(Int(widget.metadataResourceVersion) != nil)
        #expect(widget[path: ["metadata", "generation"]] == 1)
        #expect(widget[path: ["metadata", "creationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)
        #expect(widget[path: ["spec", "color"]] == "red")
        #expect(widget["status"] == nil, "status is dropped on create when it is a subresource")
    }

    @Test func invalidCustomResourceNamesTheField() throws {
        let (store, _) = try storeWithWidgets()
        let error = #expect(throws: KubernetesStatusError.self) {
            try store.create(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 11, "color": "green"]])
        }
        #expect(error?.code == 422)
        #expect(error?.reason == "Invalid")
        #expect(error?.message.contains("spec.size") == true)
        #expect(error?.message.contains("spec.color") == true)
    }

    @Test func staleResourceVersionConflicts() throws {
        let (store, type) = try storeWithWidgets()
        let widget = try store.create(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 2]])
        var changed = widget
        changed[path: ["spec", "size"]] = 3
        let updated = try store.update(changed, type: type, version: "v1", namespace: "default", name: "w", subresource: "", fieldManager: "t", now: Date()).object
        #expect(updated[path: ["metadata", "generation"]] == 2)
        changed[path: ["spec", "size"]] = 4
        let error = #expect(throws: KubernetesStatusError.self) {
            try store.update(changed, type: type, version: "v1", namespace: "default", name: "w", subresource: "", fieldManager: "t", now: Date())
        }
        #expect(error?.code == 409)
        #expect(error?.reason == "Conflict")
    }

    @Test func statusIsIsolatedAndDoesNotBumpGeneration() throws {
        let (store, type) = try storeWithWidgets()
        var widget = try store.create(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 2]])
        widget["status"] = ["phase": "Ready"]
        widget[path: ["spec", "size"]] = 9
        widget[path: ["metadata", "resourceVersion"]] = nil
        let afterStatus = try store.update(widget, type: type, version: "v1", namespace: "default", name: "w", subresource: "status", fieldManager: "t", now: Date()).object
        #expect(afterStatus[path: ["status", "phase"]] == "Ready")
        #expect(afterStatus[path: ["spec", "size"]] == 2, "a status write ignores spec")
        #expect(afterStatus[path: ["metadata", "generation"]] == 1)
        var main = afterStatus
        main["status"] = ["phase": "Gone"]
        main[path: ["metadata", "labels", "a"]] = "b"
        let afterMain = try store.update(main, type: type, version: "v1", namespace: "default", name: "w", subresource: "", fieldManager: "t", now: Date()).object
        #expect(afterMain[path: ["status", "phase"]] == "Ready", "a main write ignores status")
        #expect(afterMain[path: ["metadata", "generation"]] == 1, "metadata changes do not bump generation")
    }

    @Test func finalizersDelayDeletionUntilRemoved() throws {
        let store = KubernetesStore()
        let secrets = try #require(store.type(group: "", version: "v1", plural: "secrets"))
        let secret = try store.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s", "finalizers": ["example.com/keep"]], "stringData": ["k": "v"]])
        #expect(secret[path: ["data", "k"]] == "dg==")
        #expect(secret["stringData"] == nil)
        let deleting = try store.delete(type: secrets, namespace: "default", name: "s", preconditionUID: nil, preconditionResourceVersion: nil, propagation: nil, dryRun: false, now: Date())
        #expect(deleting[path: ["metadata", "deletionTimestamp"]] != nil)
        var cleared = try store.get(type: secrets, version: "v1", namespace: "default", name: "s").object
        cleared[path: ["metadata", "finalizers"]] = nil
        _ = try store.update(cleared, type: secrets, version: "v1", namespace: "default", name: "s", subresource: "", fieldManager: "t", now: Date())
        #expect(throws: KubernetesStatusError.self) { try store.get(type: secrets, version: "v1", namespace: "default", name: "s") }
    }

    @Test func ownedSecretsAreGarbageCollected() throws {
        let (store, type) = try storeWithWidgets()
        let owner = try store.create(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 2]])
        let reference: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "name": "w", "uid": .string(owner.metadataUID), "controller": true]
        try store.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "owned", "ownerReferences": [reference]]])
        try store.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "free"]])
        _ = try store.delete(type: type, namespace: "default", name: "w", preconditionUID: nil, preconditionResourceVersion: nil, propagation: nil, dryRun: false, now: Date())
        #expect(store.get(apiVersion: "v1", kind: "Secret", namespace: "default", name: "owned") == nil)
        #expect(store.get(apiVersion: "v1", kind: "Secret", namespace: "default", name: "free") != nil)
    }

    @Test func secretTypeIsImmutable() throws {
        let store = KubernetesStore()
        let secrets = try #require(store.type(group: "", version: "v1", plural: "secrets"))
        var secret = try store.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"]])
        secret["type"] = "kubernetes.io/tls"
        let error = #expect(throws: KubernetesStatusError.self) {
            try store.update(secret, type: secrets, version: "v1", namespace: "default", name: "s", subresource: "", fieldManager: "t", now: Date())
        }
        #expect(error?.code == 422)
    }

    @Test func selectorsAndPagination() throws {
        let store = KubernetesStore()
        let maps = try #require(store.type(group: "", version: "v1", plural: "configmaps"))
        for index in 0..<5 {
            try store.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("c\(index)"), "labels": ["tier": index % 2 == 0 ? "even" : "odd"]]])
        }
        let even = try store.list(type: maps, version: "v1", namespace: "default", labels: try .init(parsing: "tier in (even),!missing"), fields: nil, limit: nil, continueToken: nil)
        #expect(even.items.map(\.object.metadataName) == ["c0", "c2", "c4"])
        let byName = try store.list(type: maps, version: "v1", namespace: nil, labels: .everything, fields: try .init(parsing: "metadata.name=c3"), limit: nil, continueToken: nil)
        #expect(byName.items.map(\.object.metadataName) == ["c3"])
        let first = try store.list(type: maps, version: "v1", namespace: "default", labels: .everything, fields: nil, limit: 2, continueToken: nil)
        #expect(first.items.map(\.object.metadataName) == ["c0", "c1"])
        let second = try store.list(type: maps, version: "v1", namespace: "default", labels: .everything, fields: nil, limit: 2, continueToken: first.continueToken)
        #expect(second.items.map(\.object.metadataName) == ["c2", "c3"])
    }

    @Test func serverSideApplyOwnsFieldsAndConflicts() throws {
        let store = KubernetesStore()
        let maps = try #require(store.type(group: "", version: "v1", plural: "configmaps"))
        let now = Date()
        let applied = try KubernetesManagedFields.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1"]], to: nil, manager: "one", force: false, subresource: "", type: maps, apiVersion: "v1", now: now)
        #expect(applied[path: ["metadata", "managedFields"]]?.arrayValue?.first?["manager"] == "one")
        let error = #expect(throws: KubernetesStatusError.self) {
            try KubernetesManagedFields.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "2"]], to: applied, manager: "two", force: false, subresource: "", type: maps, apiVersion: "v1", now: now)
        }
        #expect(error?.code == 409)
        let forced = try KubernetesManagedFields.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "2"]], to: applied, manager: "two", force: true, subresource: "", type: maps, apiVersion: "v1", now: now)
        #expect(forced[path: ["data", "a"]] == "2")
        let dropped = try KubernetesManagedFields.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["b": "3"]], to: forced, manager: "two", force: false, subresource: "", type: maps, apiVersion: "v1", now: now)
        #expect(dropped["data"] == ["b": "3"], "a field the manager stops applying is removed")
    }

    @Test func strategicMergeMergesContainersByName() throws {
        let original: JSONValue = ["spec": ["containers": [["name": "a", "image": "x"], ["name": "b", "image": "y"]]]]
        let patched = try KubernetesStrategicMergePatch.apply(["spec": ["containers": [["name": "b", "image": "z"], ["name": "a", "$patch": "delete"]]]], to: original)
        #expect(patched == ["spec": ["containers": [["name": "b", "image": "z"]]]])
    }

    @Test func workloadTemplateChangeCountsARollout() throws {
        let store = KubernetesStore()
        let deployments = try #require(store.type(group: "apps", version: "v1", plural: "deployments"))
        var deployment = try store.create(["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d"], "spec": [
            "selector": ["matchLabels": ["app": "d"]],
            "template": ["metadata": ["labels": ["app": "d"]], "spec": ["containers": [["name": "c", "image": "i"]]]],
        ]])
        deployment[path: ["spec", "template", "metadata", "annotations", "restartedAt"]] = "now"
        deployment[path: ["metadata", "resourceVersion"]] = nil  // the simulated controller may have written status meanwhile
        let (updated, effects) = try store.update(deployment, type: deployments, version: "v1", namespace: "default", name: "d", subresource: "", fieldManager: "t", now: Date())
        #expect(updated[path: ["metadata", "generation"]] == 2)
        #expect(updated[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "2")
        #expect(store.rolloutCount(kind: "Deployment", namespace: "default", name: "d") == 1)
        #expect(effects == [.rollout(typeKey: "deployments.apps", namespace: "default", name: "d", generation: 2)])
        store.completeRollout(typeKey: "deployments.apps", namespace: "default", name: "d", generation: 2)
        let done = try #require(store.get(apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "d"))
        #expect(done[path: ["status", "observedGeneration"]] == 2)
        #expect(done[path: ["status", "updatedReplicas"]] == 1)
        #expect(done[path: ["status", "readyReplicas"]] == 1)
    }
}
