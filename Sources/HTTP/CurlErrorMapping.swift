import Basics
import CCurl

/// Turns libcurl result codes into typed errors.
enum CurlErrorMapping {
    /// Codes that mean the TLS handshake or certificate checks failed.
    private static let tlsCodes: Set<UInt32> = [
        CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
        CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_PEER_FAILED_VERIFICATION,
        CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
        CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
        CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    static func error(for code: CURLcode, transfer: CurlTransfer) -> HTTPClientError {
        let message = transfer.errorMessage(for: code)
        if code == CURLE_OPERATION_TIMEDOUT {
            return .timeout(timeoutKind(transfer), message: message)
        }
        if tlsCodes.contains(code.rawValue) || isTLSAlert(code: code, message: message) {
            return .tls(code: Int(code.rawValue), message: message)
        }
        return .transport(code: Int(code.rawValue), message: message)
    }

    /// With TLS 1.3 a server that rejects the client certificate says so after the handshake, so the
    /// client sees a receive error carrying the TLS alert.
    private static func isTLSAlert(code: CURLcode, message: String) -> Bool {
        (code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR)
            && (message.contains("SSL") || message.contains("alert") || message.contains("TLS"))
    }

    private static func timeoutKind(_ transfer: CurlTransfer) -> HTTPClientError.TimeoutKind {
        var connectTime: curl_off_t = 0
        _ = ccurl_easy_getinfo_off(transfer.handle, CURLINFO_CONNECT_TIME_T, &connectTime)
        if connectTime == 0 { return .connect }
        guard let total = transfer.totalTimeout else { return .idle }
        guard transfer.idleTimeout != nil else { return .total }
        var elapsed: curl_off_t = 0
        _ = ccurl_easy_getinfo_off(transfer.handle, CURLINFO_TOTAL_TIME_T, &elapsed)
        let totalMicroseconds = total.inMicroseconds
        return Int64(elapsed) >= totalMicroseconds - 50_000 ? .total : .idle
    }
}
