/// A client certificate and its private key (PEM) for mutual TLS, when they come per request
/// (an exec credential plugin's) rather than from the client's ``TLSConfiguration``. Connections made
/// with one identity are never reused for a request with another.
public struct ClientIdentity: Sendable, Hashable {
    public var certificate: PEMSource
    public var key: PEMSource

    public init(certificate: PEMSource, key: PEMSource) {
        self.certificate = certificate
        self.key = key
    }
}
