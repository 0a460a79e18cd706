/// Percent-encoding of URL path segments and query values: every UTF-8 byte outside the kept set
/// becomes `%XX` (upper-case hex), as Foundation's `addingPercentEncoding` does.
enum PercentEncoding {
    /// RFC 3986's unreserved characters: ASCII letters, digits and `-._~`; for query values.
    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    /// The unreserved characters and `:@`, which a path segment may hold as they are.
    static let pathSegment: Set<UInt8> = unreserved.union(Array(":@".utf8))

    static func encode(_ text: String, keeping kept: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if kept.contains(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
