/// Where requests go through a proxy.
public enum ProxyConfiguration: Sendable, Equatable {
    /// The standard environment variables (`https_proxy`, `HTTPS_PROXY`, `http_proxy`, `no_proxy`, …).
    case environment
    /// Never use a proxy, whatever the environment says.
    case none
    /// Always use this proxy URL (e.g. a kubeconfig's `proxy-url`).
    case url(String)
}
