import Foundation
import TestProcesses

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

    static func make() async throws -> TLSFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fixture = TLSFixture(folder: folder)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await runTool("openssl", ["req", "-x509"] + ec + [
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=runbeam test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: folder)
        for (name, usage, names) in [
            ("server", "serverAuth", "subjectAltName=DNS:runbeam.test,DNS:localhost"),
            ("client", "clientAuth", "subjectAltName=DNS:runbeam-operator"),
        ] {
            try await runTool("openssl", ["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"], in: folder)
            try Data("\(names)\nextendedKeyUsage=\(usage)\n".utf8).write(to: folder.appendingPathComponent("\(name).ext"))
            try await runTool("openssl", [
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
            ], in: folder)
        }
        return fixture
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
