import Basics
import Foundation
import JSON
import Testing
@testable import Kubernetes

@Suite struct WatchTests {
    /// Every watch streams a valid event, a malformed line, a bookmark, a second event, then closes.
    static let cannedWatch = [
        #"{"type":"ADDED","object":{"metadata":{"name":"first","namespace":"default","resourceVersion":"11"}}}"#,
        #"{"type":"ADDED","object":{"metadata":"#,
        "not json at all",
        #"{"type":"BOOKMARK","object":{"kind":"Secret","apiVersion":"v1","metadata":{"resourceVersion":"12"}}}"#,
        #"{"type":"MODIFIED","object":{"metadata":{"name":"first","namespace":"default","resourceVersion":"13"}}}"#,
    ].joined(separator: "\n") + "\n"

    @Test func malformedLinesAreSkippedAndTheWatchResumesFromTheLastVersion() async throws {
        let server = try await RawWatchServer(watches: [Data(Self.cannedWatch.utf8)])
        let client = KubernetesClient(
            configuration: KubernetesConfiguration(server: "http://127.0.0.1:\(server.port)"),
            options: .init(qps: 0, backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(50)))
        )
        defer { client.shutdown() }
        let watch = client.watch(Secret.self, namespace: "default", configuration: .init(backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(50))))
        var seen: [String] = []
        for await event in watch {
            switch event {
            case .listed(let items): seen.append("listed \(items.count)")
            case .added(let secret): seen.append("added \(secret.metadata.name ?? "") \(secret.metadata.resourceVersion ?? "")")
            case .modified(let secret): seen.append("modified \(secret.metadata.name ?? "") \(secret.metadata.resourceVersion ?? "")")
            case .deleted(let secret): seen.append("deleted \(secret.metadata.name ?? "")")
            }
            if seen.count == 5 { break }
        }
        #expect(seen == ["listed 0", "added first 11", "modified first 13", "added first 11", "modified first 13"])
        let requests = server.requests
        #expect(requests.first?.contains("watch=true") == false)
        #expect(requests.dropFirst().first?.contains("resourceVersion=10") == true)
        #expect(requests.dropFirst().first?.contains("allowWatchBookmarks=true") == true)
        // The second watch resumes from the last version seen (13), not from the list.
        #expect(requests.dropFirst(2).first?.contains("resourceVersion=13") == true)
    }
}
