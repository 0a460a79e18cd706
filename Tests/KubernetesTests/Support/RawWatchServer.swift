import Foundation
import TestSupport

/// An API server of `socat` and a shell script: lists are empty at resourceVersion 10; the
/// n-th watch request gets `watches[n]` (the last one again once they run out), then the
/// connection closes. Every request line is appended to `log`.
final class RawWatchServer: Sendable {
    var port: Int { server.port }
    let folder: TemporaryFolder
    private let server: SocatServer

    init(watches: [Data]) async throws {
        folder = try TemporaryFolder()
        let crlf = "\r\n"
        let list = #"{"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"10"},"items":[]}"#
        try folder.write("list.http", "HTTP/1.1 200 OK\(crlf)Content-Type: application/json\(crlf)Content-Length: \(list.utf8.count)\(crlf)Connection: close\(crlf)\(crlf)\(list)")
        for (index, body) in watches.enumerated() {
            var response = Data("HTTP/1.1 200 OK\(crlf)Content-Type: application/json\(crlf)Connection: close\(crlf)\(crlf)".utf8)
            response.append(body)
            try response.write(to: URL(fileURLWithPath: folder.path("watch-\(index).http")))
        }
        try folder.write("log", "")
        let script = try folder.write("serve.sh", """
            #!/bin/sh
            IFS= read -r request
            echo "$request" >> "\(folder.path("log"))"
            while IFS= read -r header; do
              case "$header" in "$(printf '\\r')"|"") break ;; esac
            done
            case "$request" in
              *watch=true*)
                n=$(($(grep -c 'watch=true' "\(folder.path("log"))") - 1))
                if [ "$n" -ge \(watches.count) ]; then n=\(watches.count - 1); fi
                cat "\(folder.path("watch-"))$n.http" ;;
              *) cat "\(folder.path("list.http"))" ;;
            esac
            """, executable: true)
        server = try await SocatServer.start(script: script)
    }

    /// The request lines received so far.
    var requests: [String] {
        ((try? String(contentsOfFile: folder.path("log"), encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).map(String.init)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder.url)
    }
}
