import Foundation
import Testing
import TestSupport
@testable import HTTP

@Suite struct ResponseFramingTests {
    @Test func headHasNoBodyAndTheConnectionIsReused() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let head = try await client.execute(HTTPRequest(method: .head, url: "\(server.url)/hello"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        let get = try await client.execute(HTTPRequest(url: "\(server.url)/hello"))
        #expect(get.body == Data("hello".utf8))
        #expect(server.state.accepted == 1)
        await server.stop()
    }

    @Test func informationalResponsesAreSkippedAndABodyMayEndWithTheConnection() async throws {
        // A 100 Continue, then a 200 whose body has no length: it ends when the server closes.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-framing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("serve.sh").path
        try """
            #!/bin/sh
            while IFS= read -r line; do
              line=$(printf '%s' "$line" | tr -d '\\r')
              [ -z "$line" ] && break
            done
            printf 'HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nuntil the end'
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let server = try await SocatServer.start(script: script)
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<2 {
            // The second request needs a new connection: the first one ended with its body.
            let response = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(server.port)/"))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "until the end")
        }
    }
}
