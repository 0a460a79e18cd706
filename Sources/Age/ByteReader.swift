import FoundationEssentials

/// Buffers a source so that lines and exact-size blocks can be read and the start peeked at.
struct ByteReader<Source: AgeByteSource>: AgeByteSource {
    private var source: Source
    private var buffer: [UInt8] = []
    private var start = 0
    private var sourceEnded = false
    private static var blockSize: Int { 64 * 1024 }

    init(_ source: Source) {
        self.source = source
    }

    private var buffered: Int { buffer.count - start }

    /// Reads from the source until `count` bytes are buffered or the source ends.
    private mutating func fill(_ count: Int) throws {
        while buffered < count, !sourceEnded {
            let data = try source.readChunk(upTo: max(Self.blockSize, count - buffered))
            if data.isEmpty {
                sourceEnded = true
            } else {
                if start > 0, start >= buffer.count / 2 {
                    buffer.removeFirst(start)
                    start = 0
                }
                buffer.append(contentsOf: data)
            }
        }
    }

    /// The next `count` bytes (fewer at the end of the input), without consuming them.
    mutating func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        try fill(count)
        return buffer[start..<(start + min(count, buffered))]
    }

    /// Consumes up to `count` bytes; fewer only at the end of the input.
    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        try fill(count)
        let taken = min(count, buffered)
        defer { start += taken }
        return Array(buffer[start..<(start + taken)])
    }

    /// Consumes one LF-terminated line and returns it without the LF.
    ///
    /// Returns nil at the end of the input; `terminated` is false for a last line without LF.
    /// Throws `tooLong` when no LF appears within `maxLength` bytes.
    mutating func readLine(maxLength: Int) throws -> (line: [UInt8], terminated: Bool)? {
        var searched = 0
        while true {
            if let newline = buffer[(start + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline - start <= maxLength else { throw LineTooLong() }
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return (line, true)
            }
            searched = buffered
            guard searched <= maxLength else { throw LineTooLong() }
            let before = buffered
            try fill(buffered + 1)
            if buffered == before {
                guard buffered > 0 else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return (line, false)
            }
        }
    }

    /// True when every byte has been consumed and the source has ended.
    mutating func isAtEnd() throws -> Bool {
        try fill(1)
        return buffered == 0
    }

    mutating func readChunk(upTo count: Int) throws -> Data {
        if buffered == 0 { try fill(1) }
        let taken = min(count, buffered)
        defer { start += taken }
        return Data(buffer[start..<(start + taken)])
    }
}

/// Thrown by ``ByteReader/readLine(maxLength:)``; callers turn it into the failure kind of their format.
struct LineTooLong: Error {}
