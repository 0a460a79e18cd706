import Foundation
import TestProcesses

/// A CA, a server certificate for `localhost` and a client certificate, made by `openssl`, and a
/// `socat` process terminating TLS in front of a plain port.
struct TLSMaterial {
    let folder: TemporaryFolder
    var ca: String { folder.path("ca.pem") }

    static func make() async throws -> TLSMaterial {
        let folder = try TemporaryFolder()
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await runTool("openssl", ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=kube test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: folder.url)
        for (name, ext) in [("server", "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n"), ("client", "extendedKeyUsage=clientAuth\n")] {
            try await runTool("openssl", ["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"], in: folder.url)
            try folder.write("\(name).ext", ext)
            try await runTool("openssl", ["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"], in: folder.url)
        }
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
