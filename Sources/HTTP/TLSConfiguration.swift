import FoundationEssentials

/// PEM material given either as a file path or as the bytes themselves.
public enum PEMSource: Sendable, Hashable {
    case file(String)
    case data(Data)
}

/// How the client verifies servers and identifies itself.
///
/// Verification is always on unless `insecureSkipTLSVerify` is set explicitly (kubeconfigs may ask
/// for it); the client then logs a warning once.
public struct TLSConfiguration: Sendable, Equatable {
    /// CA certificates that replace the system trust store; `nil` uses the system store.
    public var certificateAuthority: PEMSource?
    /// A client certificate for mutual TLS (PEM).
    public var clientCertificate: PEMSource?
    /// The client certificate's private key (PEM).
    public var clientKey: PEMSource?
    /// The name to verify the server's certificate against (and send as SNI) instead of the URL's host.
    public var serverName: String?
    /// Turns off certificate verification. Never set by the operator itself; only honoured when a
    /// kubeconfig asks for it.
    public var insecureSkipTLSVerify: Bool

    public init(
        certificateAuthority: PEMSource? = nil,
        clientCertificate: PEMSource? = nil,
        clientKey: PEMSource? = nil,
        serverName: String? = nil,
        insecureSkipTLSVerify: Bool = false
    ) {
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.serverName = serverName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
    }
}
