import HTTPServer
import NIOHTTP1

/// Serves `/metrics`, `/healthz` and `/readyz` on the metrics address and on the health address (one
/// server when both are the same), so each probe works on the port the manifests point it to.
/// Answers run on NIO event loops, so `/healthz` answering proves the process's I/O loop is alive even
/// when every worker is busy.
public final class ProbeServer: Sendable {
    private let servers: [HTTPServer]

    private init(servers: [HTTPServer]) { self.servers = servers }

    /// The bound ports: metrics first, then health (the same when shared).
    public var ports: [Int] { servers.map(\.port) }

    public static func start(metrics: ListenAddress, health: ListenAddress, registry: OperatorMetrics, state: HealthState) async throws -> ProbeServer {
        let handler: HTTPServer.Handler = { request in
            switch request.path {
            case "/metrics":
                return .full(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"], body: registry.exposition())
            case "/healthz", "/livez":
                return .full(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("ok\n".utf8))
            case "/readyz":
                let (ready, text) = state.readiness
                return .full(status: ready ? .ok : .serviceUnavailable, headers: ["Content-Type": "text/plain"], body: Array(text.utf8))
            default:
                return .full(status: .notFound, headers: ["Content-Type": "text/plain"], body: Array("not found\n".utf8))
            }
        }
        let first = try await HTTPServer.start(host: metrics.host, port: metrics.port, handler: handler)
        guard health != metrics else { return ProbeServer(servers: [first]) }
        do {
            let second = try await HTTPServer.start(host: health.host, port: health.port, handler: handler)
            return ProbeServer(servers: [first, second])
        } catch {
            await first.shutdown()
            throw error
        }
    }

    public func shutdown() async {
        for server in servers { await server.shutdown() }
    }
}
