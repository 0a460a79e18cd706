import NIOHTTP1

/// What an emulator answers: a complete body, or a stream written over time (watches).
public enum ServerResponse: Sendable {
    /// A complete response.
    case full(status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8])
    /// A chunked response: `start` receives a writer once the head is sent and writes the body
    /// at its own pace; the response ends when it calls ``StreamingResponseWriter/finish()``.
    case stream(status: HTTPResponseStatus, headers: HTTPHeaders, start: @Sendable (StreamingResponseWriter) -> Void)

    /// A complete JSON response.
    public static func json(_ status: HTTPResponseStatus, _ body: [UInt8], headers: HTTPHeaders = [:]) -> Self {
        var allHeaders = headers
        allHeaders.replaceOrAdd(name: "Content-Type", value: "application/json")
        return .full(status: status, headers: allHeaders, body: body)
    }

    /// The status code of the response.
    public var status: HTTPResponseStatus {
        switch self {
        case .full(let status, _, _), .stream(let status, _, _): return status
        }
    }
}
