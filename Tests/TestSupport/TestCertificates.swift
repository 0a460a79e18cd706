import Foundation

/// A CA and a server and a client certificate signed by it (EC P-256, two days), made with `openssl` in
/// `folder`: `ca.pem`/`ca.key`, `server.pem`/`server.key`, `client.pem`/`client.key`.
public enum TestCertificates {
    /// `serverNames` and `clientNames` become DNS subject alternative names (none when empty); a name
    /// written `IP:address` becomes an IP address name.
    public static func make(in folder: URL, authority: String, serverNames: [String], clientNames: [String] = []) async throws {
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await runTool("openssl", ["req", "-x509"] + ec + [
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=\(authority)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: folder)
        for (name, usage, names) in [("server", "serverAuth", serverNames), ("client", "clientAuth", clientNames)] {
            try await runTool("openssl", ["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"], in: folder)
            let alternativeNames = names.isEmpty ? "" : "subjectAltName=" + names.map { $0.hasPrefix("IP:") ? $0 : "DNS:\($0)" }.joined(separator: ",") + "\n"
            try Data("\(alternativeNames)extendedKeyUsage=\(usage)\n".utf8).write(to: folder.appendingPathComponent("\(name).ext"))
            try await runTool("openssl", [
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
            ], in: folder)
        }
    }
}
