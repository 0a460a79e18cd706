import JSON
import Foundation
import Testing
@testable import Emulators

@Suite struct KubernetesEmulatorHTTPTests {
    @Test func createGetAndAlreadyExists() async throws {
        try await withKubernetesEmulator { _, client in
            let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"], "stringData": ["a": "b"]]
            let created = try await client.send("POST", "/api/v1/namespaces/default/secrets", body: secret)
            #expect(created.status == 201)
            #expect(created.json[path: ["data", "a"]] == "Yg==")
            let again = try await client.send("POST", "/api/v1/namespaces/default/secrets", body: secret)
            #expect(again.status == 409)
            #expect(again.json["reason"] == "AlreadyExists")
            let missing = try await client.send("GET", "/api/v1/namespaces/default/secrets/nope")
            #expect(missing.status == 404)
            #expect(missing.json["kind"] == "Status")
            let list = try await client.send("GET", "/api/v1/namespaces/default/secrets")
            #expect(list.json["kind"] == "SecretList")
            #expect(list.json["items"]?.arrayValue?.count == 1)
        }
    }

    @Test func watchReplaysFromAResourceVersionAndSendsBookmarks() async throws {
        try await withKubernetesEmulator { emulator, client in
            let first = try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": "a", "labels": ["x": "1"]]])
            let since = first.json.metadataResourceVersion
            _ = try await client.send("PATCH", "/api/v1/namespaces/default/configmaps/a", body: ["data": ["k": "v"]], contentType: "application/merge-patch+json")
            _ = try await client.send("PATCH", "/api/v1/namespaces/default/configmaps/a", body: ["metadata": ["labels": ["x": "2"]]], contentType: "application/merge-patch+json")
            _ = try await client.send("DELETE", "/api/v1/namespaces/default/configmaps/a")
            let watch = try await client.send("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(since)&labelSelector=x%3D1&allowWatchBookmarks=true&timeoutSeconds=1")
            let types = watch.lines.compactMap { $0["type"]?.stringValue }
            #expect(Array(types.prefix(2)) == ["MODIFIED", "DELETED"], "the label change makes the object leave the selection")
            #expect(types.contains("BOOKMARK"))
            #expect(emulator.store.openWatchCount == 0)
        }
    }

    @Test func aStreamingListSendsTheCurrentObjectsThenTheInitialEventsEndBookmark() async throws {
        try await withKubernetesEmulator { emulator, client in
            for name in ["b", "a"] {
                _ = try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": .string(name)]])
            }
            let current = emulator.store.currentResourceVersion
            let watch = try await client.send(
                "GET", "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1")
            let lines = watch.lines
            #expect(lines.prefix(3).map { $0["type"]?.stringValue ?? "" } == ["ADDED", "ADDED", "BOOKMARK"])
            #expect(lines.prefix(2).map { $0[path: ["object", "metadata", "name"]]?.stringValue ?? "" } == ["a", "b"])
            #expect(lines.dropFirst(2).first?[path: ["object", "metadata", "annotations", "k8s.io/initial-events-end"]] == "true")
            #expect(lines.dropFirst(2).first?[path: ["object", "metadata", "resourceVersion"]]?.stringValue == current)
            // As recorded from a real server: without resourceVersionMatch=NotOlderThan the options are invalid (422);
            // without bookmarks the request is refused (400).
            let refused = try await client.send("GET", "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true")
            #expect(refused.status == 422)
            let withoutBookmarks = try await client.send("GET", "/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan")
            #expect(withoutBookmarks.status == 400)
        }
    }

    /// kopf's case: a watch from a compacted resourceVersion is answered 200, and its one event is an ERROR
    /// carrying the 410 Expired Status (a real server never answers such a watch with HTTP 410).
    @Test func watchFromACompactedVersionSendsAnExpiredErrorEvent() async throws {
        try await withKubernetesEmulator { emulator, client in
            _ = try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": "a"]])
            emulator.faults.compactHistory()
            let gone = try await client.send("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1&timeoutSeconds=5")
            #expect(gone.status == 200)
            #expect(gone.lines.count == 1)
            #expect(gone.lines.first?["type"] == "ERROR")
            #expect(gone.lines.first?[path: ["object", "kind"]] == "Status")
            #expect(gone.lines.first?[path: ["object", "code"]] == 410)
            #expect(gone.lines.first?[path: ["object", "reason"]] == "Expired")
        }
    }

    @Test func bearerTokensAreRequired() async throws {
        try await withKubernetesEmulator(.init(bearerTokens: ["secret-token"])) { _, client in
            let allowed = try await client.send("GET", "/api/v1/namespaces")
            #expect(allowed.status == 200)
            var anonymous = client
            anonymous.token = nil
            let denied = try await anonymous.send("GET", "/api/v1/namespaces")
            #expect(denied.status == 401)
            #expect(denied.json["reason"] == "Unauthorized")
        }
    }

    @Test func injectedFailuresAndRequestLog() async throws {
        try await withKubernetesEmulator { emulator, client in
            emulator.faults.failNext(1, matching: .init(verb: "list"), with: .tooManyRequests(retryAfter: 3))
            let limited = try await client.send("GET", "/api/v1/namespaces/default/secrets")
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "3")
            let next = try await client.send("GET", "/api/v1/namespaces/default/secrets")
            #expect(next.status == 200)
            _ = try await client.send("PATCH", "/api/v1/namespaces/default/secrets/x?fieldManager=me", body: ["metadata": ["name": "x"]], contentType: "application/apply-patch+yaml")
            let entries = emulator.requestLog.all
            #expect(entries.map(\.statusCode) == [429, 200, 201])
            #expect(entries.last?.fieldManager == "me")
            #expect(entries.last?.verb == "patch")
        }
    }

    @Test func applyingWhatAnotherManagerWroteIsNoConflict() async throws {
        // Client-side apply, then server-side apply of the same Deployment (what `.ci/validate-manifests` does with
        // kubectl): the containers and ports the server filled with defaults are shared values, not conflicts.
        try await withKubernetesEmulator { _, client in
            let deployment: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
                "spec": [
                    "selector": ["matchLabels": ["app": "web"]],
                    "template": [
                        "metadata": ["labels": ["app": "web"]],
                        "spec": ["containers": [["name": "c", "image": "nginx", "ports": [["name": "http", "containerPort": 8080]]]]],
                    ],
                ],
            ]
            let created = try await client.send("POST", "/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-client-side-apply", body: deployment)
            #expect(created.status == 201)
            let applied = try await client.send(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl", body: deployment, contentType: "application/apply-patch+yaml")
            #expect(applied.status == 200, "\(applied.json)")
            // A different value is still a conflict.
            var changed = deployment
            changed[path: ["spec", "template", "spec", "containers"]] = [["name": "c", "image": "nginx:2"]]
            let conflicting = try await client.send(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl", body: changed, contentType: "application/apply-patch+yaml")
            #expect(conflicting.status == 409)
        }
    }

    @Test func strategicMergeIsRefusedForCustomResources() async throws {
        try await withKubernetesEmulator { emulator, client in
            try emulator.store.create(KubernetesStoreTests.widgetCRD)
            _ = try await client.send("POST", "/apis/example.com/v1/namespaces/default/widgets", body: ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 1]])
            let refused = try await client.send("PATCH", "/apis/example.com/v1/namespaces/default/widgets/w", body: ["spec": ["size": 2]], contentType: "application/strategic-merge-patch+json")
            #expect(refused.status == 415)
            let discovery = try await client.send("GET", "/apis/example.com/v1")
            #expect(discovery.json["resources"]?.arrayValue?.first?["shortNames"] == ["wg"])
        }
    }

    @Test func restartKeepsStateOnTheSamePort() async throws {
        let emulator = try await KubernetesEmulator.start()
        let client = KubernetesTestClient(baseURL: emulator.baseURL)
        _ = try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": "kept"]])
        let restarted = try await emulator.restart()
        #expect(restarted.port == emulator.port)
        let kept = try await client.send("GET", "/api/v1/namespaces/default/configmaps/kept")
        #expect(kept.status == 200)
        await restarted.shutdown()
    }
}
