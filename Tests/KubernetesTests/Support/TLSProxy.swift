import Foundation
import TestSupport

/// A CA, a server certificate for `localhost` and a client certificate, made by `openssl`, and a
/// `socat` process terminating TLS in front of a plain port.
struct TLSMaterial {
    let folder: TemporaryFolder
    var ca: String { folder.path("ca.pem") }

    static func make() async throws -> TLSMaterial {
        let folder = try TemporaryFolder()
        try await TestCertificates.make(in: folder.url, authority: "kube test CA", serverNames: ["localhost"])
        return TLSMaterial(folder: folder)
    }

    func read(_ name: String) throws -> Data { try Data(contentsOf: folder.url.appendingPathComponent(name)) }
}

/// `socat` listening with TLS on 127.0.0.1 and forwarding to a plain backend port; killed when dropped.
struct SocatProxy: Sendable {
    private let server: SocatServer
    var port: Int { server.port }

    init(backendPort: Int, material: TLSMaterial, requireClientCertificate: Bool) async throws {
        server = try await SocatServer.tlsProxy(
            backendPort: backendPort, certificate: material.folder.path("server.pem"), key: material.folder.path("server.key"),
            certificateAuthority: material.ca, requireClientCertificate: requireClientCertificate
        )
    }
}
