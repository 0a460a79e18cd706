import Basics
import FoundationEssentials
import NIOSSL

/// The BoringSSL contexts of one client: one for its configured identity and one for each
/// per-request ``ClientIdentity``, made on first use (loading the trust roots and keys once).
final class TLSContextCache: Sendable {
    private let configuration: TLSConfiguration
    private let contexts = Locked<[Variant: NIOSSLContext]>([:])
    /// Rotating per-request identities would otherwise grow the cache without bound.
    private static let limit = 16

    init(configuration: TLSConfiguration) {
        self.configuration = configuration
    }

    /// One context: the identity it presents and whether BoringSSL checks the certificate's names.
    private struct Variant: Hashable {
        var identity: ClientIdentity?
        var checksNames: Bool
    }

    /// Whether server certificates are verified at all (off only with `insecureSkipTLSVerify`).
    var verifiesCertificates: Bool { !configuration.insecureSkipTLSVerify }

    /// The context for a connection made with `identity` (nil: the configuration's certificate).
    /// With `checksNames` false the chain is verified but the names are left to the caller (an IP
    /// address reached through a proxy, which NIOSSL would check against the proxy's address).
    func context(for identity: ClientIdentity?, checksNames: Bool = true) throws(HTTPClientError) -> NIOSSLContext {
        let variant = Variant(identity: identity, checksNames: checksNames)
        if let cached = contexts.withLock({ $0[variant] }) { return cached }
        let context = try Self.make(configuration, variant: variant)
        contexts.withLock { contexts in
            if contexts.count >= Self.limit { contexts.removeAll() }
            contexts[variant] = context
        }
        return context
    }

    private static func make(_ tls: TLSConfiguration, variant: Variant) throws(HTTPClientError) -> NIOSSLContext {
        let identity = variant.identity
        var settings = NIOSSL.TLSConfiguration.makeClientConfiguration()
        settings.certificateVerification =
            tls.insecureSkipTLSVerify ? .none : variant.checksNames ? .fullVerification : .noHostnameVerification
        do {
            switch tls.certificateAuthority {
            case .file(let path): settings.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            case .data(let pem): settings.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem)))
            case nil: settings.trustRoots = .default
            }
        } catch {
            throw .tls(code: 0, message: "cannot load the certificate authority (\(error)); check that it is a PEM certificate")
        }
        let certificate = identity?.certificate ?? tls.clientCertificate
        let key = identity?.key ?? tls.clientKey
        do {
            switch certificate {
            case .file(let path): settings.certificateChain = try NIOSSLCertificate.fromPEMFile(path).map { .certificate($0) }
            case .data(let pem): settings.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(pem)).map { .certificate($0) }
            case nil: break
            }
            switch key {
            case .file(let path): settings.privateKey = .privateKey(try NIOSSLPrivateKey(file: path, format: .pem))
            case .data(let pem): settings.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pem), format: .pem))
            case nil: break
            }
        } catch {
            throw .tls(code: 0, message: "cannot load the client certificate or key (\(error)); check that both are PEM and unencrypted")
        }
        do {
            return try NIOSSLContext(configuration: settings)
        } catch {
            throw .tls(code: 0, message: "cannot set up TLS (\(error)); check the CA, the client certificate and its key")
        }
    }
}
