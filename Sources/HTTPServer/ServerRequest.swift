import NIOHTTP1

/// One HTTP request as an emulator sees it: method, split target, headers and the whole body.
public struct ServerRequest: Sendable {
    /// The HTTP method, upper case (`GET`, `PATCH`, …).
    public var method: String
    /// The percent-decoded path, without the query.
    public var path: String
    /// The query parameters, percent-decoded; a repeated name keeps its last value.
    public var query: [String: String]
    /// The raw query string (after `?`), for logs.
    public var rawQuery: String
    /// The request headers.
    public var headers: HTTPHeaders
    /// The request body.
    public var body: [UInt8]

    public init(method: String, uri: String, headers: HTTPHeaders, body: [UInt8]) {
        self.method = method
        self.headers = headers
        self.body = body
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = Self.percentDecode(String(parts.first ?? ""), plusIsSpace: false)
        rawQuery = parts.count > 1 ? String(parts[1]) : ""
        var query: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") {
            let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.percentDecode(String(nameAndValue[0]), plusIsSpace: true)
            query[name] = nameAndValue.count > 1 ? Self.percentDecode(String(nameAndValue[1]), plusIsSpace: true) : ""
        }
        self.query = query
    }

    /// The first value of header `name`, or nil.
    public func header(_ name: String) -> String? { headers.first(name: name) }

    /// Decodes `%XX` escapes (and `+` as a space in query components).
    public static func percentDecode(_ text: String, plusIsSpace: Bool) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+"), plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
