import Foundation
import TestSupport

/// A CA, a server certificate (names `runbeam.test` and `localhost`, no IP) and a client certificate,
/// made with the `openssl` command in a fresh temporary folder.
struct TLSFixture: Sendable {
    let folder: URL
    var caPath: String { folder.appendingPathComponent("ca.pem").path }
    var serverCertPath: String { folder.appendingPathComponent("server.pem").path }
    var serverKeyPath: String { folder.appendingPathComponent("server.key").path }
    var clientCertPath: String { folder.appendingPathComponent("client.pem").path }
    var clientKeyPath: String { folder.appendingPathComponent("client.key").path }

    /// One fixture for the whole test process.
    static let shared = Task { try await make() }
    /// A fixture whose server certificate names only the address 127.0.0.1.
    static let loopbackAddress = Task { try await make(serverNames: ["IP:127.0.0.1"]) }

    static func make(serverNames: [String] = ["runbeam.test", "localhost"]) async throws -> TLSFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await TestCertificates.make(
            in: folder, authority: "runbeam test CA", serverNames: serverNames, clientNames: ["runbeam-operator"])
        return TLSFixture(folder: folder)
    }

    func read(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

/// `socat` terminating TLS on 127.0.0.1 in front of a plain test server; killed when dropped.
struct SocatTLSProxy: Sendable {
    private let server: SocatServer
    var port: Int { server.port }

    init(backendPort: Int, fixture: TLSFixture, requireClientCertificate: Bool) async throws {
        server = try await SocatServer.tlsProxy(
            backendPort: backendPort, certificate: fixture.serverCertPath, key: fixture.serverKeyPath,
            certificateAuthority: fixture.caPath, requireClientCertificate: requireClientCertificate
        )
    }
}
