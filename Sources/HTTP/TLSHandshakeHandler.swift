import NIOCore
import NIOSSL
import NIOTLS

/// Waits behind the TLS handler for the handshake to finish, so that connecting (and its timeout)
/// includes the handshake and a handshake failure is reported as the connection's failure.
///
/// With `expectedAddress` (an IP address reached through a proxy tunnel) it also checks that the
/// server's certificate names that address, which NIOSSL cannot do there.
final class TLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let expectedAddress: String?
    private let promise: EventLoopPromise<Void>
    private var done = false

    init(expectedAddress: String?, promise: EventLoopPromise<Void>) {
        self.expectedAddress = expectedAddress
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, !done {
            if let expectedAddress {
                let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate()
                guard let certificate, Self.certificate(certificate, names: expectedAddress) else {
                    fail(HTTPClientError.tls(code: 0, message: "the server's certificate does not name \(expectedAddress)"))
                    context.close(promise: nil)
                    return
                }
            }
            done = true
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            promise.succeed(())
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Whether the certificate has the IP address among its subject alternative names.
    static func certificate(_ certificate: NIOSSLCertificate, names address: String) -> Bool {
        guard let wanted = IPAddressBytes.of(address) else { return false }
        return certificate._subjectAlternativeNames().contains { name in
            name.nameType == .ipAddress && Array(name.contents) == wanted
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPClientError.tls(code: 0, message: "the server closed the connection during the TLS handshake"))
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        guard !done else { return }
        done = true
        promise.fail(error)
    }
}
