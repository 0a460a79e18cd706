import CCurl
import FoundationEssentials
import Basics

/// One request on one curl easy handle. After submission, all state is touched only on the loop thread.
final class CurlTransfer: @unchecked Sendable {
    enum Mode {
        case buffered(limit: Int)
        case streaming(StreamBuffer)
    }

    typealias Head = (status: Int, headers: HTTPHeaders)

    let handle: UnsafeMutableRawPointer
    let mode: Mode
    /// The whole-request timeout set on the handle, to tell a total timeout from an idle one.
    var totalTimeout: Duration?
    var idleTimeout: Duration?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var connectToList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>

    // Loop-thread state.
    var added = false
    var cancelRequested = false
    private var finished = false
    private var cleanedUp = false
    private var status = 0
    private var headers = HTTPHeaders()
    private var headComplete = false
    private var body = Data()
    private var abortError: HTTPClientError?

    // Exactly one of these is set, by the submitting task, before the transfer is queued.
    var bufferedContinuation: CheckedContinuation<HTTPResponse, any Error>?
    var headContinuation: CheckedContinuation<Head, any Error>?

    init(mode: Mode) throws {
        guard let handle = curl_easy_init() else {
            throw HTTPClientError.transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
        }
        self.handle = handle
        self.mode = mode
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        cleanup()
        errorBuffer.deallocate()
    }

    /// Frees the easy handle and the header list; safe to call more than once.
    func cleanup() {
        guard !cleanedUp else { return }
        cleanedUp = true
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
        if let connectToList { curl_slist_free_all(connectToList) }
        headerList = nil
        connectToList = nil
    }

    // MARK: Callbacks (loop thread)

    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self))
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
            return bytes.count
        }
        if line.isEmpty {
            if status >= 200 && !headComplete {
                headComplete = true
                return headersEnded() ? bytes.count : 0
            }
            return bytes.count
        }
        if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingWhitespace()
            let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            headers.add(name: name, value: value)
        }
        return bytes.count
    }

    /// Returns false to abort the transfer.
    private func headersEnded() -> Bool {
        switch mode {
        case .buffered(let limit):
            if let length = headers["Content-Length"].flatMap(Int.init), length > limit {
                abortError = .bodyTooLarge(limit: limit)
                return false
            }
        case .streaming:
            let continuation = headContinuation
            headContinuation = nil
            continuation?.resume(returning: (status, headers))
        }
        return true
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        switch mode {
        case .buffered(let limit):
            if body.count + bytes.count > limit {
                abortError = .bodyTooLarge(limit: limit)
                return 0
            }
            body.append(contentsOf: bytes)
            return bytes.count
        case .streaming(let buffer):
            switch buffer.push(Data(bytes)) {
            case .accepted: return bytes.count
            case .pause: return ccurl_write_pause()
            case .closed: return 0
            }
        }
    }

    // MARK: Completion (loop thread)

    /// Delivers the outcome of a transfer curl reported as done.
    func complete(result: CURLcode) {
        if result == CURLE_OK {
            finish(error: nil)
        } else {
            finish(error: abortError ?? CurlErrorMapping.error(for: result, transfer: self))
        }
    }

    /// Ends the transfer with an error (or success when nil); later calls are ignored.
    func finish(error: HTTPClientError?) {
        guard !finished else { return }
        finished = true
        switch mode {
        case .buffered:
            let continuation = bufferedContinuation
            bufferedContinuation = nil
            if let error {
                continuation?.resume(throwing: error)
            } else {
                continuation?.resume(returning: HTTPResponse(status: status, headers: headers, body: body))
            }
        case .streaming(let buffer):
            if let continuation = headContinuation {
                headContinuation = nil
                continuation.resume(throwing: error ?? .transport(code: 0, message: "the server sent no response head"))
            }
            buffer.finish(error: error)
        }
    }

    /// The message curl wrote into the error buffer, or curl's text for the code.
    func errorMessage(for code: CURLcode) -> String {
        let message = String(cString: errorBuffer)
        if !message.isEmpty { return message }
        return String(cString: curl_easy_strerror(code))
    }
}

/// C entry points for curl's header and body callbacks; `userdata` is the unretained transfer.
enum CurlCallbacks {
    static let header: ccurl_data_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: size * count))
    }

    static let body: ccurl_data_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
    }
}
