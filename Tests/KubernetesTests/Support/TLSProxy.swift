import Foundation

/// A CA, a server certificate for `localhost` and a client certificate, made by `openssl`, and a
/// `socat` process terminating TLS in front of a plain port.
struct TLSMaterial {
    let folder: TemporaryFolder
    var ca: String { folder.path("ca.pem") }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func make() throws -> TLSMaterial {
        let folder = try TemporaryFolder()
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run("openssl", ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=kube test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: folder.url)
        for (name, ext) in [("server", "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n"), ("client", "extendedKeyUsage=clientAuth\n")] {
            try run("openssl", ["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"], in: folder.url)
            try folder.write("\(name).ext", ext)
            try run("openssl", ["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"], in: folder.url)
        }
        return TLSMaterial(folder: folder)
    }

    func read(_ name: String) throws -> Data { try Data(contentsOf: folder.url.appendingPathComponent(name)) }

    static func run(_ tool: String, _ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(tool) \(arguments.first ?? "") failed") }
    }
}

/// `socat` listening with TLS on 127.0.0.1 and forwarding to a plain backend port; killed on deinit.
final class SocatProxy: @unchecked Sendable {
    let port: Int
    private let process: Process

    init(backendPort: Int, material: TLSMaterial, requireClientCertificate: Bool) throws {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["socat", [
                "OPENSSL-LISTEN:\(port)", "bind=127.0.0.1", "reuseaddr", "fork", "cert=\(material.folder.path("server.pem"))",
                "key=\(material.folder.path("server.key"))", "cafile=\(material.ca)", "verify=\(requireClientCertificate ? 1 : 0)",
            ].joined(separator: ","), "TCP:127.0.0.1:\(backendPort)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                lastError = error
                continue
            }
            if Self.waitListening(port) && process.isRunning {
                self.port = port
                self.process = process
                return
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        throw lastError ?? TLSMaterial.Failure(description: "socat did not start")
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func waitListening(_ port: Int) -> Bool {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if result == 0 { return true }
            usleep(20_000)
        }
        return false
    }
}
