import HTTPServer
import NIOCore
import NIOSSL

extension EmulatorTLSIdentity {
    /// The ``HTTPServer/ConnectionSetup`` that puts TLS (1.2 or later, HTTP/1.1 by ALPN) in front of every
    /// connection, serving ``certificatePEM`` with its key. The TLS context is made once, here.
    public func connectionSetup() throws -> HTTPServer.ConnectionSetup {
        let certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        let context = try NIOSSLContext(configuration: configuration)
        return { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }
    }
}
