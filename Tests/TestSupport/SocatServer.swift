import ChildProcess
import Foundation

/// `socat` listening on a loopback port. Dropping the last reference kills it.
public final class SocatServer: Sendable {
    public let port: Int
    private let child: ChildProcess

    private init(port: Int, child: ChildProcess) {
        self.port = port
        self.child = child
    }

    /// Runs `script` for each connection (its stdin and stdout are the connection).
    public static func start(script: String) async throws -> SocatServer {
        try await start { port in ["TCP-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork", "SYSTEM:\(script)"] }
    }

    /// Starts socat with the arguments for port 0 and reads the port the system chose from its
    /// notice log, so no other process can hold that port (a port picked by the test could be).
    public static func start(_ arguments: (Int) -> [String]) async throws -> SocatServer {
        let child = try ChildProcess(ChildCommand(
            executable: "socat", arguments: ["-d", "-d"] + arguments(0), environment: ProcessInfo.processInfo.environment,
            output: .discard, error: .collect(limit: 1 << 20)
        ))
        let deadline = ContinuousClock.now + .seconds(30)
        while child.isRunning && ContinuousClock.now < deadline {
            let log = String(decoding: child.standardError, as: UTF8.self)
            if let line = log.split(separator: "\n").first(where: { $0.contains(" listening on ") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                return SocatServer(port: port, child: child)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        child.kill()
        throw ToolFailure(description: "socat did not start listening: \(String(decoding: child.standardError, as: UTF8.self))")
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
