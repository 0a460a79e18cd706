import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One blocking HTTP/1.1 exchange over a plain TCP socket (`Connection: close`), readable incrementally so
/// that watch streams can be consumed event by event. Keeps repeated headers (`Warning`) apart.
final class ConformanceHTTPConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let socket: Int32
    private var buffer: [UInt8] = []
    private(set) var status = 0
    private(set) var headers: [(String, String)] = []
    private var chunked = false
    private var remaining: Int?
    private var finished = false

    /// Connects, sends the request and reads the status line and headers.
    init(port: Int, method: String, path: String, headers requestHeaders: [(String, String)], body: [UInt8]?, timeout: Double) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var seconds = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socket); throw Failure(description: "connect: \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in requestHeaders { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try send(Array(head.utf8) + (body ?? []))
        try readHead()
    }

    deinit { close(socket) }

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: \(errno)") }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; false at the end of the stream (or on a timeout or shutdown).
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func line() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: 10) {
                let text = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: ["\r"])
                buffer.removeFirst(end + 1)
                return text
            }
            guard fill() else { throw Failure(description: "connection closed in the response head") }
        }
    }

    private func readHead() throws {
        let statusLine = try line().split(separator: " ")
        guard statusLine.count >= 2, let code = Int(statusLine[1]) else { throw Failure(description: "bad status line") }
        status = code
        while true {
            let text = try line()
            if text.isEmpty { break }
            guard let colon = text.firstIndex(of: ":") else { continue }
            headers.append((text[..<colon].lowercased(), text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        chunked = header("transfer-encoding")?.lowercased() == "chunked"
        remaining = header("content-length").flatMap { Int($0) }
        if !chunked && remaining == 0 { finished = true }
    }

    /// The first value of a header (lower-case name).
    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    /// Every value of a header.
    func headerValues(_ name: String) -> [String] { headers.filter { $0.0 == name }.map(\.1) }

    /// The next piece of the body, or nil at its end.
    func readBodyPiece() -> [UInt8]? {
        if finished { return nil }
        if chunked {
            guard let sizeLine = try? line(), let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else { finished = true; return nil }
            if size == 0 { finished = true; return nil }
            while buffer.count < size + 2 { guard fill() else { finished = true; return nil } }
            let piece = Array(buffer[..<size])
            buffer.removeFirst(size + 2)
            return piece
        }
        if buffer.isEmpty, !fill() { finished = true; return nil }
        var piece = buffer
        if let left = remaining {
            piece = Array(piece.prefix(left))
            remaining = left - piece.count
            if remaining == 0 { finished = true }
        }
        buffer.removeAll()
        return piece
    }

    /// The whole (rest of the) body.
    func readBody() -> [UInt8] {
        var body: [UInt8] = []
        while let piece = readBodyPiece() { body += piece }
        return body
    }

    /// Ends the exchange from this side (a reader blocked in `recv` returns).
    func shutdownNow() { shutdown(socket, Int32(SHUT_RDWR)) }
}
