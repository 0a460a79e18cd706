import HTTPServer
import FoundationEssentials

/// An in-process Runbeam Cloud for tests, benchmarks and the sandbox: `POST /api/harmony/authorize`
/// with Sanctum- and JWT-shaped credentials, team-owned gateways, scriptable faults and a request log.
///
/// ```swift
/// let credential = RunbeamCloudCredential.sanctum(team: "blue")
/// let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [credential]))
/// cloud.faults.inject(.rateLimited(retryAfterSeconds: 7), count: 2)
/// // point a client at cloud.apiBaseURL …
/// await cloud.shutdown()
/// ```
public final class RunbeamCloudEmulator: Sendable {
    /// How to run the emulator.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port.
        public var port: Int
        /// The credentials accepted; anything else gets 401.
        public var credentials: [RunbeamCloudCredential]
        /// The lifetime of issued machine tokens (Runbeam Cloud: 30 days).
        public var tokenLifetime: Duration
        /// The emulator's clock, for `expires_at`, the log and token validity.
        public var now: @Sendable () -> Date

        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            credentials: [RunbeamCloudCredential] = [],
            tokenLifetime: Duration = .seconds(30 * 86_400),
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.host = host
            self.port = port
            self.credentials = credentials
            self.tokenLifetime = tokenLifetime
            self.now = now
        }
    }

    public let configuration: Configuration
    /// Faults for the next authorize requests.
    public let faults: RunbeamCloudFaults
    /// Every answered request.
    public let requestLog: RunbeamCloudRequestLog
    private let store: RunbeamCloudStore
    private let server: HTTPServer

    private init(configuration: Configuration, faults: RunbeamCloudFaults, requestLog: RunbeamCloudRequestLog, store: RunbeamCloudStore, server: HTTPServer) {
        self.configuration = configuration
        self.faults = faults
        self.requestLog = requestLog
        self.store = store
        self.server = server
    }

    /// Starts a server on `configuration.host:port`.
    public static func start(_ configuration: Configuration = .init()) async throws -> RunbeamCloudEmulator {
        let faults = RunbeamCloudFaults()
        let log = RunbeamCloudRequestLog()
        let store = RunbeamCloudStore()
        let handler = RunbeamCloudHandler(
            store: store, faults: faults, log: log,
            credentials: Dictionary(configuration.credentials.map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first }),
            tokenLifetime: configuration.tokenLifetime, now: configuration.now
        )
        let server = try await HTTPServer.start(host: configuration.host, port: configuration.port) { request in
            handler.handle(request)
        }
        return RunbeamCloudEmulator(configuration: configuration, faults: faults, requestLog: log, store: store, server: server)
    }

    /// The port the server listens on.
    public var port: Int { server.port }

    /// `http://HOST:PORT`.
    public var baseURL: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)"
    }

    /// `http://HOST:PORT/api`, the API base URL clients use.
    public var apiBaseURL: String { baseURL + "/api" }

    /// Every gateway, sorted by code.
    public var gateways: [RunbeamCloudGateway] { store.gateways() }

    /// The gateway with this code, if it exists.
    public func gateway(code: String) -> RunbeamCloudGateway? { store.gateway(code: code) }

    /// Creates a gateway owned by `team` (or returns the existing one), e.g. to test 403.
    @discardableResult
    public func createGateway(code: String, team: String, name: String? = nil) -> RunbeamCloudGateway {
        store.createGateway(code: code, team: team, name: name, now: configuration.now())
    }

    /// Machine tokens issued for `gatewayCode` so far.
    public func tokensIssued(gatewayCode: String) -> Int { store.gateway(code: gatewayCode)?.tokensIssued ?? 0 }

    /// Machine tokens issued so far, by gateway code.
    public var tokensIssued: [String: Int] {
        Dictionary(uniqueKeysWithValues: store.gateways().map { ($0.code, $0.tokensIssued) })
    }

    /// Whether `machineToken` was issued here and has not expired on the emulator's clock.
    public func isValid(machineToken: String) -> Bool { store.isValid(token: machineToken, now: configuration.now()) }

    /// Stops the server.
    public func shutdown() async { await server.shutdown() }
}
