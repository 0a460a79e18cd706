import Basics
import Emulators
import Foundation
import JSON
import TestSupport
import Testing
@testable import Kubernetes

@Suite struct InformerTests {
    static let managed = "app.kubernetes.io/managed-by"

    /// A replica of the cache built only from handler events; an add of a present key, or an
    /// update or delete of an absent one, would show an event applied twice or lost.
    final class Shadow: Sendable {
        let objects = Locked<[ObjectKey: String]>([:])
        let anomalies = Locked<[String]>([])

        func handle(_ event: InformerEvent<Secret>) {
            objects.withLock { objects in
                switch event {
                case .added(let secret):
                    if objects[secret.key] != nil { anomalies.withLock { $0.append("double add \(secret.key)") } }
                    objects[secret.key] = secret.metadata.resourceVersion
                case .updated(let secret):
                    if objects[secret.key] == nil { anomalies.withLock { $0.append("update of absent \(secret.key)") } }
                    objects[secret.key] = secret.metadata.resourceVersion
                case .deleted(let secret):
                    if objects.removeValue(forKey: secret.key) == nil { anomalies.withLock { $0.append("delete of absent \(secret.key)") } }
                }
            }
        }
    }

    struct Fixture {
        let environment: EmulatedCluster
        let informer: Informer<Secret>
        let events: Shadow
        let task: Task<Void, Never>

        static func start() async throws -> Fixture {
            let environment = try await EmulatedCluster.start(namespaces: ["team-a", "team-b"])
            let informer = Informer<Secret>(
                client: environment.client, options: ListOptions(labelSelector: "\(managed)=runbeam-operator", limit: 100),
                watchConfiguration: .init(timeoutSeconds: 60, backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200)))
            )
            let shadow = Shadow()
            informer.addHandler { shadow.handle($0) }
            let task = Task { await informer.run() }
            return Fixture(environment: environment, informer: informer, events: shadow, task: task)
        }

        func stop() async {
            task.cancel()
            await environment.stop()
        }

        /// Waits until the cache equals a direct list, then checks the event replica too.
        func expectConverged(sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let client = environment.client
            var expected: [ObjectKey: String] = [:]
            // Handlers run after the cache is updated: wait for both to catch up with the server.
            let converged = try await eventually(timeout: .seconds(30)) {
                let list = try await client.list(Secret.self, options: ListOptions(labelSelector: "\(managed)=runbeam-operator"))
                expected = Dictionary(uniqueKeysWithValues: list.items.map { ($0.key, $0.metadata.resourceVersion ?? "") })
                let cached = Dictionary(uniqueKeysWithValues: informer.list().map { ($0.key, $0.metadata.resourceVersion ?? "") })
                return cached == expected && events.objects.withLock { $0 } == expected
            }
            #expect(converged, "informer cache or handler events differ from the server", sourceLocation: sourceLocation)
            #expect(events.objects.withLock { $0 } == expected, sourceLocation: sourceLocation)
            #expect(events.anomalies.withLock { $0 }.isEmpty, "\(events.anomalies.withLock { $0 })", sourceLocation: sourceLocation)
        }
    }

    /// 1,000 writes: creates, label changes in and out of the selector, data patches, deletes.
    static func mixedWrites(_ client: KubernetesClient, count: Int, seed: Int, during fault: (@Sendable (Int) async -> Void)? = nil) async throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let namespaces = ["default", "team-a", "team-b"]
        for index in 0..<count {
            if let fault { await fault(index) }
            let namespace = namespaces[Int(generator.next() % 3)]
            let name = "s-\(generator.next() % 40)"
            do {
                switch generator.next() % 5 {
                case 0, 1:
                    _ = try await client.create(secret(name, namespace: namespace, labels: [managed: "runbeam-operator"], value: "\(index)"))
                case 2:
                    _ = try await client.patch(Secret.self, namespace: namespace, name: name, .merge(["data": ["key": .string(Data("\(index)".utf8).base64EncodedString())]]))
                case 3:
                    let value: JSONValue = generator.next() % 2 == 0 ? "someone-else" : "runbeam-operator"
                    _ = try await client.patch(Secret.self, namespace: namespace, name: name, .merge(["metadata": ["labels": [managed: value]]]))
                default:
                    try await client.delete(Secret.self, namespace: namespace, name: name)
                }
            } catch KubernetesError.notFound, KubernetesError.alreadyExists {
                continue
            }
        }
    }

    @Test func cacheEqualsServerAfterAThousandMixedWrites() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        await fixture.informer.waitUntilSynced()
        #expect(fixture.informer.hasSynced)
        try await Self.mixedWrites(fixture.environment.client, count: 1000, seed: 1)
        try await fixture.expectConverged()
        // Indexes agree with the cache.
        let all = fixture.informer.list()
        #expect(fixture.informer.list(namespace: "team-a") == all.filter { $0.metadata.namespace == "team-a" })
        #expect(fixture.informer.keys() == all.map(\.key))
    }

    @Test func cacheSurvivesDroppedWatchesCompactionAndErrorBursts() async throws {
        let fixture = try await Fixture.start()
        defer { Task { await fixture.stop() } }
        await fixture.informer.waitUntilSynced()
        let emulator = fixture.environment.emulator
        try await Self.mixedWrites(fixture.environment.client, count: 300, seed: 2) { index in
            if index % 50 == 25 { emulator.faults.dropAllWatches() }
        }
        try await fixture.expectConverged()

        // History compacted while the watch is down: resuming gives 410, and the informer lists again.
        let relistsBefore = emulator.requestLog.all.filter { $0.verb == "list" && $0.path.contains("secrets") }.count
        try await Self.mixedWrites(fixture.environment.client, count: 200, seed: 3) { index in
            if index == 100 {
                emulator.faults.compactHistory()
                emulator.faults.dropAllWatches()
            }
        }
        try await fixture.expectConverged()
        let relistsAfter = emulator.requestLog.all.filter { $0.verb == "list" && $0.path.contains("secrets") }.count
        #expect(relistsAfter > relistsBefore)

        // 429 and 500 bursts on the watch and list requests while watches are dropped.
        try await Self.mixedWrites(fixture.environment.client, count: 200, seed: 4) { index in
            if index == 50 {
                emulator.faults.failNext(5, matching: .init(verb: "watch"), with: .tooManyRequests(retryAfter: 0))
                emulator.faults.dropAllWatches()
            }
            if index == 120 {
                emulator.faults.compactHistory()
                emulator.faults.failNext(3, matching: .init(verb: "list", pathContains: "/secrets"), with: .internalError)
                emulator.faults.failNext(3, matching: .init(verb: "watch"), with: .internalError)
                emulator.faults.dropAllWatches()
            }
        }
        try await fixture.expectConverged()
        #expect(emulator.requestLog.all.contains { $0.verb == "watch" && $0.statusCode == 429 })
        #expect(emulator.requestLog.all.contains { $0.statusCode == 500 })
    }

    @Test func eventStreamAndNamespaceIndex() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let informer = Informer<Secret>(client: environment.client, namespace: "default")
        let events = informer.events()
        let task = Task { await informer.run() }
        defer { task.cancel() }
        await informer.waitUntilSynced()
        var owned = secret("owned")
        owned.metadata.ownerReferences = [OwnerReference(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", name: "gw", uid: "gw-uid", controller: true)]
        _ = try await environment.client.create(owned)
        _ = try await environment.client.create(secret("loose"))
        var iterator = events.makeAsyncIterator()
        var added: Set<String> = []
        while added.count < 2, let event = await iterator.next() {
            if case .added(let secret) = event { added.insert(secret.metadata.name ?? "") }
        }
        #expect(added == ["owned", "loose"])
        #expect(informer.list(namespace: "default").map { $0.metadata.name } == ["loose", "owned"])
        try await environment.client.delete(Secret.self, name: "owned")
        let deleted = await iterator.next()
        if case .deleted(let secret) = deleted { #expect(secret.metadata.name == "owned") } else { Issue.record("expected a delete, got \(String(describing: deleted))") }
        #expect(informer.list(namespace: "default").map { $0.metadata.name } == ["loose"])
        #expect(informer.list(namespace: "other").isEmpty)
    }

    @Test func transformTrimsCachedObjectsAndHandlerEvents() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let informer = Informer<Secret>(client: environment.client, namespace: "default", transform: Informer<Secret>.removeManagedFields)
        let events = informer.events()
        let task = Task { await informer.run() }
        defer { task.cancel() }
        await informer.waitUntilSynced()
        let created = try await environment.client.create(secret("trimmed"))
        #expect(created.object["metadata", "managedFields"] != nil, "the emulator records managedFields, so the test can see them dropped")
        var iterator = events.makeAsyncIterator()
        let event = await iterator.next()
        guard case .added(let added) = event else {
            Issue.record("expected an add, got \(String(describing: event))")
            return
        }
        #expect(added.object["metadata", "managedFields"] == nil)
        #expect(informer.get(namespace: "default", name: "trimmed")?.object["metadata", "managedFields"] == nil)
        #expect(informer.get(namespace: "default", name: "trimmed")?.metadata.resourceVersion == created.metadata.resourceVersion)
    }
}

