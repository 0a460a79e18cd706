import ChildProcess
import Foundation

/// `socat` listening on a loopback port. Dropping the last reference kills it.
public final class SocatServer: Sendable {
    public let port: Int
    private let child: ChildProcess

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private init(port: Int, child: ChildProcess) {
        self.port = port
        self.child = child
    }

    /// Runs `script` for each connection (its stdin and stdout are the connection).
    public static func start(script: String) async throws -> SocatServer {
        try await start { port in ["TCP-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork", "SYSTEM:\(script)"] }
    }

    /// Starts socat with the arguments for a random port, trying other ports while socat exits
    /// (the port was taken), until the port accepts connections.
    public static func start(_ arguments: (Int) -> [String]) async throws -> SocatServer {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let child = try ChildProcess(ChildCommand(
                executable: "socat", arguments: arguments(port), environment: ProcessInfo.processInfo.environment, output: .discard, error: .discard
            ))
            for _ in 0..<500 where child.isRunning {
                if accepts(port) { return SocatServer(port: port, child: child) }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        throw SocatServer.Failure(description: "socat did not start listening")
    }

    private static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
