import Foundation
import JSON

/// A watch opened by a `watch: start` step: a thread reads its events until `collect` closes it.
final class ConformanceWatch: @unchecked Sendable {
    let connection: ConformanceHTTPConnection
    /// The error body of a watch that did not answer 200.
    let openBody: JSONValue?
    private let condition = NSCondition()
    private var events: [JSONValue] = []
    private var done = false
    private var closedByUs = false

    var status: Int { connection.status }
    var headers: JSONValue {
        ["content-type": connection.header("content-type").map(JSONValue.string) ?? .null,
         "transfer-encoding": connection.header("transfer-encoding").map(JSONValue.string) ?? .null,
         "warning": .array(connection.headerValues("warning").map(JSONValue.string))]
    }

    init(_ connection: ConformanceHTTPConnection) {
        self.connection = connection
        if connection.status != 200 {
            openBody = ConformanceBody.parse(contentType: connection.header("content-type"), connection.readBody())
            done = true
            return
        }
        openBody = nil
        Thread { [self] in read() }.start()
    }

    private func read() {
        var pending: [UInt8] = []
        while let piece = connection.readBodyPiece() {
            pending += piece
            while let newline = pending.firstIndex(of: 10) {
                add(Array(pending[..<newline]))
                pending.removeFirst(newline + 1)
            }
        }
        add(pending)
        condition.withLock {
            done = true
            condition.broadcast()
        }
    }

    private func add(_ line: [UInt8]) {
        guard line.contains(where: { $0 != 32 && $0 != 13 }) else { return }
        let event = (try? JSONValue(parsing: line)) ?? ["unparsable": .string(String(decoding: line, as: UTF8.self))]
        condition.withLock {
            events.append(event)
            condition.broadcast()
        }
    }

    /// Waits until `count` events (periodic bookmarks not counted) arrived, the stream ended or `seconds`
    /// passed, then closes the stream. Returns the events and whether the server closed it.
    func collect(count: Int?, seconds: Double, untilClosed: Bool) -> (events: [JSONValue], closedByServer: Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        let result: ([JSONValue], Bool) = condition.withLock {
            while !done, Date() < deadline {
                if let count, !untilClosed, events.filter({ !Self.isPeriodicBookmark($0) }).count >= count { break }
                _ = condition.wait(until: min(deadline, Date().addingTimeInterval(0.2)))
            }
            let closed = done && !closedByUs
            closedByUs = true
            return (events, closed)
        }
        close()
        return result
    }

    func close() {
        condition.withLock { closedByUs = closedByUs || !done }
        connection.shutdownNow()
    }

    /// A BOOKMARK that is not the end of the initial events.
    static func isPeriodicBookmark(_ event: JSONValue) -> Bool {
        guard event["type"]?.stringValue == "BOOKMARK" else { return false }
        return event[path: ["object", "metadata", "annotations", "k8s.io/initial-events-end"]]?.stringValue != "true"
    }
}
