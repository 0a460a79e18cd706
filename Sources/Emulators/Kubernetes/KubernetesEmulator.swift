import HTTPServer
import FoundationEssentials
import NIOCore
import NIOPosix

/// An in-memory Kubernetes API server for tests, benchmarks and the sandbox.
///
/// ```swift
/// let emulator = try await KubernetesEmulator.start(.init(port: 0))
/// try emulator.writeKubeconfig(to: file)
/// emulator.faults.failNext(2, matching: .init(verb: "patch"), with: .tooManyRequests(retryAfter: 1))
/// await emulator.shutdown()
/// ```
public final class KubernetesEmulator: Sendable {
    /// How to run the emulator.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port.
        public var port: Int
        /// Bearer tokens of superusers (RBAC is not consulted); with no tokens and no `users` every request is accepted.
        public var bearerTokens: [String]
        /// Bearer tokens of users whose requests RBAC authorizes from the stored roles and bindings.
        public var users: [String: KubernetesUser]
        /// Whether requests without credentials are `system:anonymous` (authorized by RBAC) instead of 401
        /// when tokens are checked.
        public var anonymousRequests: Bool
        /// Admission plugins applied to writes by `users`.
        public var admissionPlugins: Set<KubernetesAdmissionPlugin>
        /// Events kept for watches to resume from.
        public var historyLimit: Int
        /// Delay before the simulated workload controller reports a rollout as done.
        public var rolloutDelay: Duration
        /// How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK.
        public var bookmarkInterval: Duration
        /// How long a watch without `timeoutSeconds` stays open.
        public var defaultWatchTimeout: Duration
        /// Serve HTTPS with this CA-signed certificate; nil serves plain HTTP. kubectl and other client-go programs
        /// send a kubeconfig's token only over TLS.
        public var tls: EmulatorTLSIdentity?

        public init(
            host: String = "127.0.0.1", port: Int = 0, bearerTokens: [String] = [], historyLimit: Int = 10_000,
            rolloutDelay: Duration = .milliseconds(200), bookmarkInterval: Duration = .seconds(5),
            defaultWatchTimeout: Duration = .seconds(1800), users: [String: KubernetesUser] = [:],
            anonymousRequests: Bool = false, admissionPlugins: Set<KubernetesAdmissionPlugin> = [], tls: EmulatorTLSIdentity? = nil
        ) {
            self.tls = tls
            self.users = users
            self.anonymousRequests = anonymousRequests
            self.admissionPlugins = admissionPlugins
            self.host = host
            self.port = port
            self.bearerTokens = bearerTokens
            self.historyLimit = historyLimit
            self.rolloutDelay = rolloutDelay
            self.bookmarkInterval = bookmarkInterval
            self.defaultWatchTimeout = defaultWatchTimeout
        }
    }

    /// The state, which outlives the server (see ``restart()``).
    public let store: KubernetesStore
    /// Failure injection.
    public let faults: KubernetesFaults
    /// Every answered request.
    public let requestLog: KubernetesRequestLog
    public let configuration: Configuration
    private let server: HTTPServer

    private init(store: KubernetesStore, faults: KubernetesFaults, requestLog: KubernetesRequestLog, configuration: Configuration, server: HTTPServer) {
        self.store = store
        self.faults = faults
        self.requestLog = requestLog
        self.configuration = configuration
        self.server = server
    }

    /// Starts a server on `configuration.host:port`, with a fresh store unless `store` is given.
    public static func start(_ configuration: Configuration = .init(), store: KubernetesStore? = nil) async throws -> KubernetesEmulator {
        let store = store ?? KubernetesStore(historyLimit: configuration.historyLimit)
        let faults = KubernetesFaults(store: store)
        let log = KubernetesRequestLog()
        let delay = configuration.rolloutDelay
        let handler = KubernetesAPIHandler(
            store: store, faults: faults, log: log,
            authenticator: KubernetesAuthenticator(superuserTokens: Set(configuration.bearerTokens), users: configuration.users, anonymous: configuration.anonymousRequests, issuedTokens: store.issuedTokens),
            authorizer: KubernetesAuthorizer(store: store), admissionPlugins: configuration.admissionPlugins,
            bookmarkInterval: configuration.bookmarkInterval, defaultWatchTimeout: configuration.defaultWatchTimeout,
            scheduleRollouts: { effects in Self.schedule(effects, on: store, after: delay) }
        )
        let server = try await HTTPServer.start(
            host: configuration.host, port: configuration.port, responseDelay: { faults.latency },
            connectionSetup: try configuration.tls?.connectionSetup()
        ) { request in
            handler.handle(request)
        }
        return KubernetesEmulator(store: store, faults: faults, requestLog: log, configuration: configuration, server: server)
    }

    static func schedule(_ effects: [KubernetesStore.Effect], on store: KubernetesStore, after delay: Duration) {
        for effect in effects {
            switch effect {
            case .rollout(let typeKey, let namespace, let name, let generation):
                MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(delay)) {
                    store.completeRollout(typeKey: typeKey, namespace: namespace, name: name, generation: generation)
                }
            case .finalizeNamespace(let name):
                MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(delay)) { store.finalizeNamespace(name) }
            }
        }
    }

    /// RBAC over the stored roles and bindings: "may this user do this".
    public var authorizer: KubernetesAuthorizer { KubernetesAuthorizer(store: store) }

    /// The port the server listens on.
    public var port: Int { server.port }

    /// `http://HOST:PORT`, or `https://HOST:PORT` with ``Configuration/tls`` (an IPv6 host in brackets).
    public var baseURL: URL {
        let scheme = configuration.tls == nil ? "http" : "https"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return URL(string: "\(scheme)://\(host):\(server.port)") ?? URL(fileURLWithPath: "/")
    }

    /// The CA certificate (PEM) clients trust when the emulator serves HTTPS; nil for plain HTTP.
    public var certificateAuthorityPEM: String? { configuration.tls?.certificateAuthorityPEM }

    /// Stops the server, closing open watches; the store stays usable.
    public func shutdown() async {
        store.dropAllWatches()
        await server.shutdown()
    }

    /// Stops this server and starts a new one on the same port with the same state.
    public func restart() async throws -> KubernetesEmulator {
        await shutdown()
        var configuration = self.configuration
        configuration.port = port
        return try await Self.start(configuration, store: store)
    }

    /// A kubeconfig for this server (namespace `default`; the first bearer token, or with only RBAC users the first of
    /// their tokens in sorted order, if any; with TLS the CA as `certificate-authority-data`).
    public func kubeconfigYAML(contextName: String = "emulator", namespace: String = "default") -> String {
        let token = configuration.bearerTokens.first ?? configuration.users.keys.sorted().first
        let user = token.map { "    token: \"\($0)\"\n" } ?? "    {}\n"
        let authority = certificateAuthorityPEM.map { "\n    certificate-authority-data: \(Data($0.utf8).base64EncodedString())" } ?? ""
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(contextName)
              cluster:
                server: \(baseURL.absoluteString)\(authority)
            users:
            - name: \(contextName)
              user:
            \(user.dropLast())
            contexts:
            - name: \(contextName)
              context:
                cluster: \(contextName)
                user: \(contextName)
                namespace: \(namespace)
            current-context: \(contextName)

            """
    }

    /// Writes ``kubeconfigYAML(contextName:namespace:)`` to `url`.
    public func writeKubeconfig(to url: URL) throws {
        try Data(kubeconfigYAML().utf8).write(to: url, options: .atomic)
    }

    /// The number of rollouts (pod template changes after creation) of a workload.
    public func rolloutCount(kind: String = "Deployment", namespace: String, name: String) -> Int {
        store.rolloutCount(kind: kind, namespace: namespace, name: name)
    }
}
