import Basics
import Emulators
import Foundation
import JSON
import TestSupport
import Testing
@testable import Kubernetes

@Suite struct ClientTests {
    @Test func crudPatchesAndTypedErrors() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let client = environment.client
        let created = try await client.create(secret("s1", value: "one"))
        #expect(created.metadata.uid != nil)
        #expect(created.data["key"] == Data("one".utf8))
        let duplicate = await #expect(throws: KubernetesError.self) { _ = try await client.create(secret("s1")) }
        guard case .alreadyExists = duplicate else { Issue.record("expected alreadyExists, got \(String(describing: duplicate))"); return }

        var stale = created
        var updated = created
        updated.stringData = ["other": "two"]
        updated = try await client.replace(updated)
        #expect(updated.data["other"] == Data("two".utf8))
        stale.metadata.labels = ["x": "y"]
        let conflict = await #expect(throws: KubernetesError.self) { _ = try await client.replace(stale) }
        guard case .conflict = conflict else { Issue.record("expected conflict"); return }

        let merged = try await client.patch(Secret.self, name: "s1", .merge(["metadata": ["labels": ["a": "b"]]]))
        #expect(merged.metadata.labels == ["a": "b"])
        let jsonPatched = try await client.patch(Secret.self, name: "s1", .json([["op": "add", "path": "/metadata/annotations", "value": ["n": "1"]]]))
        #expect(jsonPatched.metadata.annotations == ["n": "1"])
        let applied = try await client.patch(
            Secret.self, name: "applied",
            .apply(["metadata": ["name": "applied", "namespace": "default"], "stringData": ["k": "v"]], fieldManager: "runbeam-operator", force: true)
        )
        #expect(applied.data["k"] == Data("v".utf8))
        #expect(environment.emulator.requestLog.all.contains { $0.fieldManager == "runbeam-operator" })

        try await client.delete(Secret.self, name: "s1")
        let missing = await #expect(throws: KubernetesError.self) { _ = try await client.get(Secret.self, name: "s1") }
        #expect(missing?.code == 404)
    }

    @Test func strategicPatchStatusAndUnknownFieldsSurviveReplace() async throws {
        // The emulator's simulated Deployment controller would write status (a new resourceVersion)
        // between our read and our replace on a slow machine; keep it out of this test.
        let environment = try await EmulatedCluster.start(.init(rolloutDelay: .seconds(600)))
        defer { Task { await environment.stop() } }
        let client = environment.client
        let manifest = try JSONValue(parsing: """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"harmony","namespace":"default"},
             "spec":{"replicas":2,"minReadySeconds":7,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
               "selector":{"matchLabels":{"app":"harmony"}},
               "template":{"metadata":{"labels":{"app":"harmony"}},"spec":{"terminationGracePeriodSeconds":12,
                 "containers":[{"name":"harmony","image":"harmony:1","ports":[{"containerPort":8080}],
                   "envFrom":[{"secretRef":{"name":"runbeam-token"}}],
                   "env":[{"name":"A","valueFrom":{"secretKeyRef":{"name":"other","key":"k"}}}]}],
                 "volumes":[{"name":"v","secret":{"secretName":"mounted"}}]}}}}
            """)
        _ = try await client.create(.deployment, KubernetesObject(manifest))
        var deployment = try await client.get(Deployment.self, name: "harmony")
        #expect(deployment.podTemplate.referencedSecretNames == ["runbeam-token", "other", "mounted"])
        deployment.paused = true
        var template = deployment.podTemplate
        template.annotations["kubectl.kubernetes.io/restartedAt"] = RFC3339.seconds(Date())
        deployment.podTemplate = template
        let replaced = try await client.replace(deployment)
        #expect(replaced.paused)
        #expect(replaced.object["spec", "minReadySeconds"] == 7)
        #expect(replaced.object["spec", "strategy", "rollingUpdate", "maxSurge"] == 1)
        #expect(replaced.object["spec", "template", "spec", "terminationGracePeriodSeconds"] == 12)
        #expect(replaced.object["spec", "template", "spec", "containers"]?.arrayValue?.first?["ports"] != nil)

        let strategic = try await client.patch(
            Deployment.self, name: "harmony",
            .strategic(["spec": ["template": ["spec": ["containers": [["name": "harmony", "image": "harmony:2"]]]]]])
        )
        let containers = strategic.object["spec", "template", "spec", "containers"]?.arrayValue ?? []
        #expect(containers.count == 1)
        #expect(containers.first?["image"] == "harmony:2")
        #expect(containers.first?["envFrom"] != nil)

        var withStatus = strategic
        withStatus.object["status"] = ["observedGeneration": 99, "replicas": 2]
        let status = try await client.replaceStatus(withStatus)
        #expect(status.observedGeneration == 99)
    }

    @Test func paginatedListAndRetriesOn429And500() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let codes = Locked<[String]>([])
        let client = environment.client(options: .init(qps: 0, backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(50)), observer: { verb, code in
            codes.withLock { $0.append("\(verb) \(code)") }
        }))
        defer { client.shutdown() }
        for index in 0..<25 { _ = try await client.create(secret("page-\(index)")) }
        environment.emulator.requestLog.clear()
        let list = try await client.list(Secret.self, namespace: "default", options: .init(limit: 10))
        #expect(list.items.count == 25)
        #expect(environment.emulator.requestLog.all.filter { $0.verb == "list" }.count == 3)

        environment.emulator.faults.failNext(2, matching: .init(verb: "get"), with: .tooManyRequests(retryAfter: 0))
        environment.emulator.faults.failNext(1, matching: .init(verb: "update"), with: .internalError)
        var item = try await client.get(Secret.self, namespace: "default", name: "page-1")
        item.metadata.labels = ["retried": "yes"]
        _ = try await client.replace(item)
        #expect(codes.withLock { $0 }.filter { $0 == "get 429" }.count == 2)
        #expect(codes.withLock { $0 }.contains("update 500"))
        #expect(codes.withLock { $0 }.contains("update 200"))

        // Create is not idempotent: a 500 is not retried.
        environment.emulator.faults.failNext(1, matching: .init(verb: "create"), with: .internalError)
        let failed = await #expect(throws: KubernetesError.self) { _ = try await client.create(secret("once")) }
        #expect(failed?.code == 500)
    }

    @Test func requestBudgetPacesRequests() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let client = environment.client(options: .init(qps: 20, burst: 2))
        defer { client.shutdown() }
        let start = ContinuousClock.now
        for _ in 0..<12 { _ = try await client.get(Namespace.self, name: "default") }
        // 2 from the burst, 10 more at 20/s need at least ~0.5 s whatever the machine's speed.
        #expect(start.duration(to: .now) >= .milliseconds(450))
    }

    @Test func eventRecorderFoldsRepeatsIntoSeries() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let recorder = EventRecorder(client: environment.client, controller: "runbeam.io/operator", instance: "test-0")
        let target = ObjectReference(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", namespace: "default", name: "gw", uid: "u-1")
        let first = try #require(await recorder.record(regarding: target, type: .normal, reason: "TokenIssued", action: "Authorize", note: "issued"))
        #expect(first.seriesCount == nil)
        await recorder.record(regarding: target, type: .normal, reason: "TokenIssued", action: "Authorize", note: "issued")
        let third = try #require(await recorder.record(regarding: target, type: .normal, reason: "TokenIssued", action: "Authorize", note: "issued"))
        #expect(third.seriesCount == 3)
        #expect(third.seriesLastObservedTime != nil)
        await recorder.record(regarding: target, type: .warning, reason: "TokenRequestFailed", action: "Authorize", note: "denied")
        let events = try await environment.client.list(Event.self, namespace: "default")
        #expect(events.items.count == 2)
        #expect(events.items.first { $0.reason == "TokenIssued" }?.regarding?.name == "gw")
    }
}
