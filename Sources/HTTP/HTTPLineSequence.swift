import FoundationEssentials

/// Splits a sequence of byte chunks into lines at `\n`, dropping the line end (`\n` or `\r\n`).
///
/// Bytes after the last line end are delivered as a final line, so a consumer sees a truncated
/// record instead of silently losing it. A line longer than `maxLineLength` throws `lineTooLong`,
/// after every complete line before it has been delivered; nothing more of it is buffered.
public struct HTTPLineSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == Data {
    public typealias Element = Data

    let base: Base
    let maxLineLength: Int

    public init(base: Base, maxLineLength: Int) {
        self.base = base
        self.maxLineLength = maxLineLength
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: Base.AsyncIterator
        let maxLineLength: Int
        var pending = Data()
        var ready: [Data] = []
        var readyIndex = 0
        var ended = false
        /// The error to throw once the lines before it are delivered.
        var failure: HTTPClientError?

        public mutating func next() async throws -> Data? {
            while true {
                if readyIndex < ready.count {
                    defer { readyIndex += 1 }
                    return ready[readyIndex]
                }
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
                if let failure {
                    ended = true
                    self.failure = nil
                    throw failure
                }
                if ended { return nil }
                guard let chunk = try await upstream.next() else {
                    ended = true
                    if pending.isEmpty { return nil }
                    let last = Self.trimmed(pending)
                    pending = Data()
                    return last
                }
                split(chunk)
            }
        }

        /// Moves the complete lines of `chunk` to `ready` and keeps the rest in `pending`; at a line
        /// over the limit it stops, drops what is pending and sets `failure`.
        private mutating func split(_ chunk: Data) {
            var start = chunk.startIndex
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let piece = chunk[start..<newline]
                if pending.isEmpty {
                    guard piece.count <= maxLineLength else { return fail() }
                    ready.append(Self.trimmed(Data(piece)))
                } else {
                    guard pending.count + piece.count <= maxLineLength else { return fail() }
                    pending.append(piece)
                    ready.append(Self.trimmed(pending))
                    pending = Data()
                }
                start = chunk.index(after: newline)
            }
            if start < chunk.endIndex {
                guard pending.count + (chunk.endIndex - start) <= maxLineLength else { return fail() }
                pending.append(chunk[start...])
            }
        }

        private mutating func fail() {
            pending = Data()
            failure = .lineTooLong(limit: maxLineLength)
        }

        private static func trimmed(_ line: Data) -> Data {
            if line.last == UInt8(ascii: "\r") { return line.dropLast() }
            return line
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: base.makeAsyncIterator(), maxLineLength: maxLineLength)
    }
}
