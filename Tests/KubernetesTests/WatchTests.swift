import Foundation
import TestProcesses
import JSON
import Testing
@testable import Kubernetes

@Suite struct WatchTests {
    /// A canned API server made of `socat` and a shell script: lists are empty, and every watch
    /// streams a valid event, a malformed line, a bookmark, a second event, then closes.
    final class CannedServer: Sendable {
        var port: Int { server.port }
        private let server: SocatServer

        init(folder: TemporaryFolder) async throws {
            let crlf = "\r\n"
            let list = #"{"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"10"},"items":[]}"#
            let watch = [
                #"{"type":"ADDED","object":{"metadata":{"name":"first","namespace":"default","resourceVersion":"11"}}}"#,
                #"{"type":"ADDED","object":{"metadata":"#,
                "not json at all",
                #"{"type":"BOOKMARK","object":{"kind":"Secret","apiVersion":"v1","metadata":{"resourceVersion":"12"}}}"#,
                #"{"type":"MODIFIED","object":{"metadata":{"name":"first","namespace":"default","resourceVersion":"13"}}}"#,
            ].joined(separator: "\n") + "\n"
            try folder.write("list.http", "HTTP/1.1 200 OK\(crlf)Content-Type: application/json\(crlf)Content-Length: \(list.utf8.count)\(crlf)Connection: close\(crlf)\(crlf)\(list)")
            try folder.write("watch.http", "HTTP/1.1 200 OK\(crlf)Content-Type: application/json\(crlf)Connection: close\(crlf)\(crlf)\(watch)")
            try folder.write("log", "")
            let script = try folder.write("serve.sh", """
                #!/bin/sh
                IFS= read -r request
                echo "$request" >> "\(folder.path("log"))"
                while IFS= read -r header; do
                  case "$header" in "$(printf '\\r')"|"") break ;; esac
                done
                case "$request" in
                  *watch=true*) cat "\(folder.path("watch.http"))" ;;
                  *) cat "\(folder.path("list.http"))" ;;
                esac
                """, executable: true)
            server = try await SocatServer.start(script: script)
        }

    }

    @Test func malformedLinesAreSkippedAndTheWatchResumesFromTheLastVersion() async throws {
        let folder = try TemporaryFolder()
        let server = try await CannedServer(folder: folder)
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
        let requests = try String(contentsOfFile: folder.path("log"), encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(requests.first?.contains("watch=true") == false)
        #expect(requests.dropFirst().first?.contains("resourceVersion=10") == true)
        #expect(requests.dropFirst().first?.contains("allowWatchBookmarks=true") == true)
        // The second watch resumes from the last version seen (13), not from the list.
        #expect(requests.dropFirst(2).first?.contains("resourceVersion=13") == true)
    }
}
