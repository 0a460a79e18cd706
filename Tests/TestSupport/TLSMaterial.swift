import Foundation

/// A CA and a server and a client certificate signed by it, made by ``TestCertificates`` in a temporary folder.
public struct TLSMaterial: Sendable {
    /// The folder holding `ca.pem`, `server.pem`/`server.key` and `client.pem`/`client.key`.
    public let folder: TemporaryFolder

    public var caPath: String { folder.path("ca.pem") }
    public var serverCertificatePath: String { folder.path("server.pem") }
    public var serverKeyPath: String { folder.path("server.key") }
    public var clientCertificatePath: String { folder.path("client.pem") }
    public var clientKeyPath: String { folder.path("client.key") }

    /// Makes the material in a new temporary folder; `serverNames` and `clientNames` become the certificates' DNS
    /// subject alternative names.
    public static func make(authority: String, serverNames: [String], clientNames: [String] = []) async throws -> TLSMaterial {
        let folder = try TemporaryFolder(prefix: "runbeam-tls")
        try await TestCertificates.make(in: folder.url, authority: authority, serverNames: serverNames, clientNames: clientNames)
        return TLSMaterial(folder: folder)
    }

    /// The contents of file `name` in the folder (`ca.pem`, `client.key`, …).
    public func read(_ name: String) throws -> Data {
        try Data(contentsOf: folder.url.appendingPathComponent(name))
    }
}

extension SocatServer {
    /// socat terminating TLS on 127.0.0.1 with `material`'s server certificate, trusting its CA, in front of a plain
    /// backend port.
    public static func tlsProxy(backendPort: Int, material: TLSMaterial, requireClientCertificate: Bool) async throws -> SocatServer {
        try await tlsProxy(
            backendPort: backendPort, certificate: material.serverCertificatePath, key: material.serverKeyPath,
            certificateAuthority: material.caPath, requireClientCertificate: requireClientCertificate
        )
    }
}
