import Foundation

/// A CA, a server certificate (names `runbeam.test` and `localhost`, no IP) and a client certificate,
/// made with the `openssl` command in a fresh temporary folder.
struct TLSFixture: Sendable {
    let folder: URL
    var caPath: String { folder.appendingPathComponent("ca.pem").path }
    var serverCertPath: String { folder.appendingPathComponent("server.pem").path }
    var serverKeyPath: String { folder.appendingPathComponent("server.key").path }
    var clientCertPath: String { folder.appendingPathComponent("client.pem").path }
    var clientKeyPath: String { folder.appendingPathComponent("client.key").path }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One fixture for the whole test process.
    static let shared: Result<TLSFixture, Failure> = Result { try make() }.mapError { Failure(description: "\($0)") }

    static func make() throws -> TLSFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fixture = TLSFixture(folder: folder)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + [
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=runbeam test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: folder)
        for (name, usage, names) in [
            ("server", "serverAuth", "subjectAltName=DNS:runbeam.test,DNS:localhost"),
            ("client", "clientAuth", "subjectAltName=DNS:runbeam-operator"),
        ] {
            try openssl(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"], in: folder)
            try Data("\(names)\nextendedKeyUsage=\(usage)\n".utf8).write(to: folder.appendingPathComponent("\(name).ext"))
            try openssl([
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
            ], in: folder)
        }
        return fixture
    }

    func read(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    private static func openssl(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}

/// `socat` terminating TLS on 127.0.0.1 in front of a plain test server.
final class SocatTLSProxy: @unchecked Sendable {
    let port: Int
    private let process: Process

    init(backendPort: Int, fixture: TLSFixture, requireClientCertificate: Bool) throws {
        port = try ClosedPort.find()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let listen = [
            "OPENSSL-LISTEN:\(port)", "bind=127.0.0.1", "reuseaddr", "fork",
            "cert=\(fixture.serverCertPath)", "key=\(fixture.serverKeyPath)", "cafile=\(fixture.caPath)",
            "verify=\(requireClientCertificate ? 1 : 0)",
        ].joined(separator: ",")
        process.arguments = ["socat", listen, "TCP:127.0.0.1:\(backendPort)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit {
        // SIGKILL: a child started from a Swift worker thread inherits its blocked signal mask, so
        // SIGTERM would stay pending for ever.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func waitUntilListening() throws {
        for _ in 0..<200 {
            let fd = Sockets.startConnect(port: port)
            defer { close(fd) }
            var pollFD = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&pollFD, 1, 50) == 1 {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return }
            }
            usleep(20_000)
        }
        throw TLSFixture.Failure(description: "socat did not start listening on port \(port)")
    }
}
