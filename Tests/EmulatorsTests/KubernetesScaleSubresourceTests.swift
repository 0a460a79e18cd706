import JSON
import Testing
@testable import Emulators

/// The scale subresource of custom resources: read and written through the CRD's declared paths.
@Suite struct KubernetesScaleSubresourceTests {
    static let crd: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "pools.example.com"],
        "spec": [
            "group": "example.com", "scope": "Namespaced", "names": ["plural": "pools", "kind": "Pool"],
            "versions": [[
                "name": "v1", "served": true, "storage": true,
                "subresources": ["status": .emptyObject, "scale": ["specReplicasPath": ".spec.size", "statusReplicasPath": ".status.ready", "labelSelectorPath": ".status.selector"]],
                "schema": ["openAPIV3Schema": ["type": "object", "properties": [
                    "spec": ["type": "object", "properties": ["size": ["type": "integer"]]],
                    "status": ["type": "object", "properties": ["ready": ["type": "integer"], "selector": ["type": "string"]]],
                ]]],
            ]],
        ],
    ]

    @Test func customResourceScaleReadsAndWritesTheDeclaredPaths() async throws {
        try await withKubernetesEmulator { _, client in
            #expect(try await client.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: Self.crd).status == 201)
            let pools = "/apis/example.com/v1/namespaces/default/pools"
            #expect(try await client.send("POST", pools, body: ["apiVersion": "example.com/v1", "kind": "Pool", "metadata": ["name": "p"], "spec": ["size": 2]]).status == 201)
            let scale = try await client.send("GET", "\(pools)/p/scale")
            #expect(scale.status == 200)
            #expect(scale.json["kind"] == "Scale" && scale.json[path: ["spec", "replicas"]] == 2)
            let patched = try await client.send("PATCH", "\(pools)/p/scale", body: ["spec": ["replicas": 5]], contentType: "application/merge-patch+json")
            #expect(patched.status == 200 && patched.json[path: ["spec", "replicas"]] == 5)
            #expect(try await client.send("GET", "\(pools)/p").json[path: ["spec", "size"]] == 5)
            let discovery = try await client.send("GET", "/apis/example.com/v1")
            #expect(discovery.json["resources"]?.arrayValue?.contains { $0["name"] == "pools/scale" && $0["kind"] == "Scale" } == true)
        }
    }
}
