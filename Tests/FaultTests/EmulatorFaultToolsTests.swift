import Emulators
import Foundation
import JSON
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The emulator features the fault suite relies on: outage windows, the per-token request log and the
/// change observer.
@Suite struct EmulatorFaultToolsTests {
    @Test func outageWindowFailsEveryMatchingRequestUntilItEnds() async throws {
        try await EmulatedCluster.with(.init(bearerTokens: ["fake-kube-token-a"])) { cluster in
            let kube = cluster.emulator
            let namespaces = "\(kube.baseURL.absoluteString)/api/v1/namespaces"
            // A window far longer than the test: the matching requests fail however slow the machine is.
            kube.faults.failFor(.seconds(600), matching: .init(verb: "list"), with: .serviceUnavailable)
            #expect(try await Self.status(namespaces) == 503)
            #expect(try await Self.status(namespaces) == 503)
            #expect(try await Self.status("\(namespaces)/default") == 200)
            kube.faults.reset()
            // A window that has surely lapsed by the time the request arrives: it no longer applies.
            kube.faults.failFor(.milliseconds(200), matching: .init(verb: "list"), with: .serviceUnavailable)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await Self.status(namespaces) == 200)
            let entries = kube.requestLog.all
            #expect(entries.map(\.statusCode) == [503, 503, 200, 200])
            #expect(entries.allSatisfy { $0.bearerToken == "fake-kube-token-a" })
        }
    }

    @Test func changeObserverSeesEveryCommittedVersion() async throws {
        let store = KubernetesStore(historyLimit: 2)
        let seen = Recorded()
        store.onChange { change in seen.append("\(change.type) \(change.resourceKey) \(change.resourceVersion)") }
        for index in 0..<3 {
            _ = try store.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("c\(index)"), "namespace": "default"]])
        }
        // Also what the bounded history already forgot.
        #expect(seen.values.count == 3)
        #expect(seen.values.allSatisfy { $0.hasPrefix("ADDED configmaps ") })
    }

    /// A thread-safe list for the observer.
    final class Recorded: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func append(_ item: String) { lock.withLock { items.append(item) } }
        var values: [String] { lock.withLock { items } }
    }

    static func status(_ url: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue("Bearer fake-kube-token-a", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
