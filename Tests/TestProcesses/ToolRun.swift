import ChildProcess
import Foundation

/// A command-line tool (`openssl`, …) that failed: its exit and what it printed on stderr.
public struct ToolFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Runs `tool` (looked up on `PATH`) to completion in `folder`, discarding its output.
public func runTool(_ tool: String, _ arguments: [String], in folder: URL) async throws {
    let result = try await ChildProcess.run(ChildCommand(
        executable: tool, arguments: arguments, environment: ProcessInfo.processInfo.environment, workingDirectory: folder.path,
        output: .discard, error: .collect()
    ))
    guard result.exit.succeeded else {
        throw ToolFailure(description: "\(tool) \(arguments.first ?? "") failed (\(result.exit)): \(String(decoding: result.standardError, as: UTF8.self))")
    }
}

extension SocatServer {
    /// socat terminating TLS on 127.0.0.1 in front of a plain backend port.
    public static func tlsProxy(
        backendPort: Int, certificate: String, key: String, certificateAuthority: String, requireClientCertificate: Bool
    ) async throws -> SocatServer {
        try await start { port in
            let listen = [
                "OPENSSL-LISTEN:\(port)", "bind=127.0.0.1", "reuseaddr", "fork", "cert=\(certificate)", "key=\(key)",
                "cafile=\(certificateAuthority)", "verify=\(requireClientCertificate ? 1 : 0)",
            ].joined(separator: ",")
            return [listen, "TCP:127.0.0.1:\(backendPort)"]
        }
    }
}
