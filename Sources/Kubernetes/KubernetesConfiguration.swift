import Basics
import HTTP

/// Everything needed to reach one API server: where, how to verify it, who we are, and the
/// default namespace. Made by ``KubeconfigLoader`` or ``InClusterConfiguration``, or by hand.
public struct KubernetesConfiguration: Sendable {
    /// The API server's base URL (`https://host:port`, no trailing slash).
    public var server: String
    /// The default namespace (the context's, the `--namespace` override, or the pod's).
    public var namespace: String
    public var tls: TLSConfiguration
    public var proxy: ProxyConfiguration
    public var credentials: any CredentialProvider
    /// Where this configuration came from, for logs (`kubeconfig FILE context NAME`, `in-cluster`).
    public var origin: String

    public init(
        server: String, namespace: String = "default", tls: TLSConfiguration = TLSConfiguration(),
        proxy: ProxyConfiguration = .environment, credentials: any CredentialProvider = NoCredentials(), origin: String = "explicit"
    ) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.namespace = namespace
        self.tls = tls
        self.proxy = proxy
        self.credentials = credentials
        self.origin = origin
    }
}

/// Tuning of a ``KubernetesClient``.
public struct KubernetesClientOptions: Sendable {
    /// Client-side request budget (average requests per second; 0 turns it off) and burst.
    public var qps: Double
    public var burst: Int
    /// How many times a retryable request is tried in all.
    public var maxAttempts: Int
    public var backoff: Backoff
    /// A `Retry-After` longer than this is cut to it.
    public var maxRetryAfter: Duration
    public var timeouts: HTTPTimeouts
    public var userAgent: String
    /// Called once per answered or failed request with the verb (`get`, `list`, `watch`, `create`,
    /// `update`, `patch`, `delete`) and the status code (`"200"`, or `"<error>"` for transport failures).
    public var observer: (@Sendable (_ verb: String, _ code: String) -> Void)?

    public init(
        qps: Double = 50, burst: Int = 100, maxAttempts: Int = 5, backoff: Backoff = Backoff(),
        maxRetryAfter: Duration = .seconds(30), timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(10), request: .seconds(30), idle: nil),
        userAgent: String = "runbeam-operator", observer: (@Sendable (_ verb: String, _ code: String) -> Void)? = nil
    ) {
        self.qps = qps
        self.burst = burst
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
        self.timeouts = timeouts
        self.userAgent = userAgent
        self.observer = observer
    }
}
