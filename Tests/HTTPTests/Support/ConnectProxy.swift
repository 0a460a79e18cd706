import Foundation
import TestSupport

/// An HTTP proxy that only tunnels: `socat` and a shell script read the CONNECT request (appending
/// each of its lines to `log`), answer 200 and then relay bytes to the one backend port it serves.
final class ConnectProxy: Sendable {
    let folder: URL
    private let server: SocatServer
    var port: Int { server.port }
    var logPath: String { folder.appendingPathComponent("log").path }

    init(backendPort: Int) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let logPath = folder.appendingPathComponent("log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let script = folder.appendingPathComponent("tunnel.sh").path
        try """
            #!/bin/sh
            while IFS= read -r line; do
              line=$(printf '%s' "$line" | tr -d '\\r')
              [ -z "$line" ] && break
              echo "$line" >> "\(logPath)"
            done
            printf 'HTTP/1.1 200 Connection established\\r\\n\\r\\n'
            exec socat - TCP:127.0.0.1:\(backendPort)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        server = try await SocatServer.start(script: script)
    }

    /// The lines of every CONNECT request so far.
    var lines: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).map(String.init)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}
