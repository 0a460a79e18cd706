import FoundationEssentials

/// A sink that armors everything written to it before passing it on; call ``finish()`` at the end.
struct ArmorWriter<Sink: AgeByteSink>: AgeByteSink {
    private var sink: Sink
    private var pending: [UInt8] = []
    private var started = false
    private static var bytesPerLine: Int { Armor.columns / 4 * 3 }

    init(_ sink: Sink) {
        self.sink = sink
    }

    mutating func writeChunk(_ data: Data) throws {
        pending += data
        let full = pending.count / Self.bytesPerLine * Self.bytesPerLine
        guard full > 0 else { return }
        try emit(pending[..<full])
        pending.removeFirst(full)
    }

    /// Writes the last line and the end line, and returns the wrapped sink.
    mutating func finish() throws -> Sink {
        try emit(pending[...])
        pending = []
        try sink.writeChunk(Data(Armor.endLine + [UInt8(ascii: "\n")]))
        return sink
    }

    private mutating func emit(_ bytes: ArraySlice<UInt8>) throws {
        var output: [UInt8] = []
        if !started {
            output += Armor.beginLine + [UInt8(ascii: "\n")]
            started = true
        }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let end = min(index + Self.bytesPerLine, bytes.endIndex)
            output += StrictBase64.encode(bytes[index..<end], padded: true)
            output.append(UInt8(ascii: "\n"))
            index = end
        }
        try sink.writeChunk(Data(output))
    }
}
