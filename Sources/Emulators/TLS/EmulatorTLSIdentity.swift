import Crypto
import FoundationEssentials
import SwiftASN1
import X509

/// A certificate authority and a serving certificate it signed, both made in memory when an emulator starts, so that
/// clients that send credentials only over TLS (kubectl and every other client-go program) can use the emulator.
///
/// ECDSA P-256 keys; the serving certificate names `127.0.0.1`, `::1` and `localhost` plus the names given. Only the
/// CA certificate leaves the process (a kubeconfig's `certificate-authority-data`, ``certificateAuthorityPEM``); the
/// keys are never written or logged, and the CA key is dropped once the serving certificate is signed.
///
/// ```swift
/// let tls = try EmulatorTLSIdentity.generate(serverNames: ["127.0.0.1"])
/// let emulator = try await KubernetesEmulator.start(.init(bearerTokens: [token], tls: tls))
/// try emulator.writeKubeconfig(to: file)   // server: https://…, certificate-authority-data: …
/// ```
public struct EmulatorTLSIdentity: Sendable {
    /// The names every serving certificate carries: the loopback addresses and `localhost`.
    public static let loopbackNames = ["127.0.0.1", "::1", "localhost"]

    /// The CA certificate (PEM) that clients trust.
    public let certificateAuthorityPEM: String
    /// The serving certificate (PEM), signed by the CA.
    public let certificatePEM: String
    /// The serving certificate's subject alternative names: IP addresses and DNS names.
    public let serverNames: [String]
    /// The serving certificate's private key (PEM). Never logged or written.
    let privateKeyPEM: String

    /// Makes a new CA and a serving certificate for ``loopbackNames`` and `serverNames` (IP addresses or DNS names;
    /// the wildcard addresses `0.0.0.0` and `::` are kept as given), valid from an hour before `now` for `validity`.
    public static func generate(serverNames: [String] = [], validity: Duration = .seconds(365 * 86_400), now: Date = Date()) throws -> EmulatorTLSIdentity {
        var names: [String] = []
        for name in loopbackNames + serverNames where !name.isEmpty && !names.contains(name) { names.append(name) }
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(TimeInterval(validity.components.seconds))

        let authorityKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let authorityName = try DistinguishedName { CommonName("runbeam-operator emulator CA") }
        let authorityKeyID = SubjectKeyIdentifier(hash: authorityKey.publicKey)
        let authority = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: authorityKey.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName, subject: authorityName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                authorityKeyID
            },
            issuerPrivateKey: authorityKey)

        let serverKey = P256.Signing.PrivateKey()
        let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
        let alternativeNames = SubjectAlternativeNames(names.map(generalName))
        let serverUsage = try ExtendedKeyUsage([.serverAuth])
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName,
            subject: try DistinguishedName { CommonName("runbeam-operator emulator") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                serverUsage
                alternativeNames
                SubjectKeyIdentifier(hash: serverPublicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID.keyIdentifier)
            },
            issuerPrivateKey: authorityKey)

        return EmulatorTLSIdentity(
            certificateAuthorityPEM: try authority.serializeAsPEM().pemString + "\n",
            certificatePEM: try server.serializeAsPEM().pemString + "\n",
            serverNames: names,
            privateKeyPEM: serverKey.pemRepresentation + "\n")
    }

    /// An IP address (v4 or v6) as `iPAddress`, anything else as `dNSName`.
    private static func generalName(_ name: String) -> GeneralName {
        if let bytes = IPAddressBytes.parse(name) { return .ipAddress(ASN1OctetString(contentBytes: bytes[...])) }
        return .dnsName(name)
    }
}
