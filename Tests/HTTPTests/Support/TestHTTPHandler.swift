import Foundation
import NIOCore
import NIOHTTP1

/// Routes of the test server.
///
/// `/hello`; `/headers` echoes request headers as JSON; `/echo` echoes method and body; `/redirect`
/// answers 302 to /hello; `/bytes?n=` sends n bytes with Content-Length; `/chunked-bytes?n=` sends
/// n bytes chunked; `/stream?lines=` sends numbered lines; `/stall` sends one line and holds the stream
/// open; `/slow?ms=` answers after a delay; `/firehose?bytes=` writes only while the socket is writable.
/// Absolute-form URIs (requests through a proxy) get "proxied <uri>".
final class TestHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: TestServerState
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var firehoseRemaining = 0

    init(state: TestServerState) { self.state = state }

    func channelActive(context: ChannelHandlerContext) {
        state.connectionOpened()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.connectionClosed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            state.record(.init(method: head.method.rawValue, uri: head.uri, headers: headers))
            respond(context: context, head: head, headers: headers)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && firehoseRemaining > 0 { pumpFirehose(context: context) }
        context.fireChannelWritabilityChanged()
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, headers: [String: String]) {
        let components = URLComponents(string: head.uri)
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let number = { (name: String) in Int(query[name] ?? "") ?? 0 }
        if head.uri.hasPrefix("http://") {
            send(context, body: "proxied \(head.uri)")
            return
        }
        switch components?.path ?? head.uri {
        case "/hello":
            send(context, body: "hello")
        case "/headers":
            let json = (try? JSONSerialization.data(withJSONObject: headers, options: [.sortedKeys])) ?? Data()
            send(context, body: String(decoding: json, as: UTF8.self))
        case "/echo":
            send(context, body: "\(head.method.rawValue) \(String(buffer: body))")
        case "/redirect":
            send(context, status: .found, extraHeaders: [("Location", "/hello")], body: "moved")
        case "/bytes":
            send(context, body: String(repeating: "x", count: number("n")))
        case "/chunked-bytes":
            writeHead(context, chunked: true)
            var remaining = number("n")
            while remaining > 0 {
                let size = min(remaining, 65_536)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "y"), count: size)))), promise: nil)
                remaining -= size
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "/stream":
            writeHead(context, chunked: true)
            let lines = number("lines")
            var batch = ""
            for index in 0..<lines {
                batch += "{\"line\":\(index)}\n"
                if index % 100 == 99 || index == lines - 1 {
                    context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: batch)))), promise: nil)
                    batch = ""
                }
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "/stall":
            writeHead(context, chunked: true)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "first\n")))), promise: nil)
        case "/slow":
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(number("ms")))) {
                self.send(context, body: "late")
            }
        case "/firehose":
            writeHead(context, chunked: true)
            firehoseRemaining = number("bytes")
            pumpFirehose(context: context)
        default:
            send(context, status: .notFound, body: "not found")
        }
    }

    private func pumpFirehose(context: ChannelHandlerContext) {
        while firehoseRemaining > 0 && context.channel.isWritable {
            let size = min(firehoseRemaining, 65_536)
            firehoseRemaining -= size
            state.addFirehose(size)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "z"), count: size)))), promise: nil)
        }
        if firehoseRemaining == 0 {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    private func writeHead(_ context: ChannelHandlerContext, chunked: Bool) {
        var headers = HTTPHeaders()
        if chunked { headers.add(name: "Transfer-Encoding", value: "chunked") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
    }

    private func send(
        _ context: ChannelHandlerContext,
        status: HTTPResponseStatus = .ok,
        extraHeaders: [(String, String)] = [],
        body text: String
    ) {
        var headers = HTTPHeaders(extraHeaders)
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
