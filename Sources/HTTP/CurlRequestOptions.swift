import Basics
import CCurl
import FoundationEssentials

/// Applies a request and the client configuration to a transfer's easy handle.
struct CurlRequestOptions {
    let request: HTTPRequest
    let configuration: HTTPClientConfiguration
    /// The bearer token for this request, already fetched from the provider.
    let bearerToken: String?
    let streaming: Bool

    func apply(to transfer: CurlTransfer) throws {
        let handle = transfer.handle
        let target = try ResolvedTarget(url: request.url, serverName: configuration.tls.serverName)

        try set(handle, CURLOPT_URL, target.url)
        if let connectTo = target.connectTo {
            let list = curl_slist_append(nil, connectTo)
            // Kept on the transfer for its lifetime: appended after the request headers below.
            try check(ccurl_easy_setopt_slist(handle, CURLOPT_CONNECT_TO, list))
            transfer.connectToList = list
        }
        try set(handle, CURLOPT_NOSIGNAL, 1)
        try set(handle, CURLOPT_FOLLOWLOCATION, 0)
        try set(handle, CURLOPT_TCP_KEEPALIVE, 1)
        try set(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        try set(handle, CURLOPT_PIPEWAIT, 1)
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, transfer.errorBuffer))
        if let userAgent = configuration.userAgent { try set(handle, CURLOPT_USERAGENT, userAgent) }

        try applyMethodAndBody(handle)
        try applyHeaders(transfer)
        try applyTimeouts(transfer)
        try applyTLS(handle)
        try applyProxy(handle)

        let userdata = Unmanaged.passUnretained(transfer).toOpaque()
        try check(ccurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header))
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata))
        try check(ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.body))
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata))
    }

    private func applyMethodAndBody(_ handle: UnsafeMutableRawPointer) throws {
        switch request.method {
        case .get where request.body == nil:
            try set(handle, CURLOPT_HTTPGET, 1)
        case .head:
            try set(handle, CURLOPT_NOBODY, 1)
        case .post:
            try set(handle, CURLOPT_POST, 1)
        default:
            try set(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if request.method == .post || request.body != nil {
            let body = request.body ?? Data()
            try check(ccurl_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            try body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies the bytes, so the Data may go away after this call.
                let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                try check(ccurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base)))
            }
        }
    }

    private func applyHeaders(_ transfer: CurlTransfer) throws {
        var list: UnsafeMutablePointer<curl_slist>?
        var hasAuthorization = false
        for field in request.headers {
            guard Self.isSendable(field.name, isName: true), Self.isSendable(field.value, isName: false) else {
                if let list { curl_slist_free_all(list) }
                throw HTTPClientError.invalidHeader(name: Self.isSendable(field.name, isName: true) ? field.name : "(invalid name)")
            }
            if field.name.caseInsensitiveEquals("Authorization") { hasAuthorization = true }
            // "Name;" is curl's way to send a header with an empty value.
            list = curl_slist_append(list, field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if !hasAuthorization, let bearerToken {
            guard Self.isSendable(bearerToken, isName: false) else {
                if let list { curl_slist_free_all(list) }
                throw HTTPClientError.invalidHeader(name: "Authorization")
            }
            list = curl_slist_append(list, "Authorization: Bearer \(bearerToken)")
        }
        // Never wait for "100 Continue": bodies here are small and sent at once.
        list = curl_slist_append(list, "Expect:")
        transfer.headerList = list
        try check(ccurl_easy_setopt_slist(transfer.handle, CURLOPT_HTTPHEADER, list))
    }

    private func applyTimeouts(_ transfer: CurlTransfer) throws {
        let handle = transfer.handle
        try set(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.timeouts.connect))
        let total = request.timeout ?? (streaming ? nil : configuration.timeouts.request)
        transfer.totalTimeout = total
        if let total { try set(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(total)) }
        let idle = request.idleTimeout ?? (streaming ? configuration.timeouts.idle : nil)
        transfer.idleTimeout = idle
        if let idle {
            let seconds = max(1, Int((Self.milliseconds(idle) + 999) / 1000))
            try set(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
            try set(handle, CURLOPT_LOW_SPEED_TIME, seconds)
        }
        if !streaming {
            // Buffered bodies may be compressed in transit; the size limit applies to the decoded bytes.
            try set(handle, CURLOPT_ACCEPT_ENCODING, "")
        }
    }

    private func applyTLS(_ handle: UnsafeMutableRawPointer) throws {
        let tls = configuration.tls
        if tls.insecureSkipTLSVerify {
            try set(handle, CURLOPT_SSL_VERIFYPEER, 0)
            try set(handle, CURLOPT_SSL_VERIFYHOST, 0)
        } else {
            try set(handle, CURLOPT_SSL_VERIFYPEER, 1)
            try set(handle, CURLOPT_SSL_VERIFYHOST, 2)
        }
        switch tls.certificateAuthority {
        case .file(let path): try set(handle, CURLOPT_CAINFO, path)
        case .data(let pem): try setBlob(handle, CURLOPT_CAINFO_BLOB, pem)
        case nil: break
        }
        let certificate = request.clientIdentity?.certificate ?? tls.clientCertificate
        let key = request.clientIdentity?.key ?? tls.clientKey
        switch certificate {
        case .file(let path): try set(handle, CURLOPT_SSLCERT, path)
        case .data(let pem): try setBlob(handle, CURLOPT_SSLCERT_BLOB, pem)
        case nil: break
        }
        if certificate != nil { try set(handle, CURLOPT_SSLCERTTYPE, "PEM") }
        switch key {
        case .file(let path): try set(handle, CURLOPT_SSLKEY, path)
        case .data(let pem): try setBlob(handle, CURLOPT_SSLKEY_BLOB, pem)
        case nil: break
        }
        if key != nil { try set(handle, CURLOPT_SSLKEYTYPE, "PEM") }
    }

    private func applyProxy(_ handle: UnsafeMutableRawPointer) throws {
        switch configuration.proxy {
        case .environment: break
        case .none: try set(handle, CURLOPT_PROXY, "")
        case .url(let url): try set(handle, CURLOPT_PROXY, url)
        }
    }

    // MARK: Helpers

    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.inMilliseconds))
    }

    /// Header text may not contain control characters (which would split or corrupt the header).
    static func isSendable(_ text: String, isName: Bool) -> Bool {
        if isName && text.isEmpty { return false }
        return text.utf8.allSatisfy { byte in
            if isName { return byte > 32 && byte < 127 && byte != UInt8(ascii: ":") }
            return byte == 9 || (byte >= 32 && byte != 127)
        }
    }

    private func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) throws {
        try check(ccurl_easy_setopt_long(handle, option, value))
    }

    private func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String) throws {
        try check(ccurl_easy_setopt_string(handle, option, value))
    }

    private func setBlob(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            try check(ccurl_easy_setopt_blob(handle, option, bytes.baseAddress, bytes.count))
        }
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw HTTPClientError.transport(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }
}
