import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Turns the errors of NIO, NIOHTTP1 and NIOSSL into ``HTTPClientError``s. Their texts name
/// addresses and system calls, never request headers or bodies.
enum NIOErrorMapping {
    static func error(for error: any Error, connectTimeout: Duration) -> HTTPClientError {
        switch error {
        case let error as HTTPClientError:
            return error
        case let error as IOError:
            return .transport(code: Int(error.errnoCode), message: error.description)
        case let error as NIOConnectionError:
            return connectionError(error, connectTimeout: connectTimeout)
        case let error as ChannelError:
            switch error {
            case .connectTimeout:
                return .timeout(.connect, message: "no connection within \(connectTimeout)")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed:
                return .transport(code: 0, message: "the connection was closed")
            default:
                return .transport(code: 0, message: "\(error)")
            }
        case let error as HTTPParserError:
            return .transport(code: 0, message: "the server sent a malformed HTTP response (\(error))")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError, is NIOTLSUnwrappingError:
            return .tls(code: 0, message: "\(error)")
        default:
            return .transport(code: 0, message: "\(error)")
        }
    }

    /// The first connection attempt's error, else the name resolution's.
    private static func connectionError(_ error: NIOConnectionError, connectTimeout: Duration) -> HTTPClientError {
        if let first = error.connectionErrors.first {
            return Self.error(for: first.error, connectTimeout: connectTimeout)
        }
        let resolution = error.dnsAError ?? error.dnsAAAAError
        return .transport(
            code: 0, message: "cannot resolve host \(error.host)\(resolution.map { " (\($0))" } ?? ""); check the host name"
        )
    }
}
