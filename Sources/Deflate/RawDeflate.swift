import CZlib

/// Raw DEFLATE (RFC 1951: no zlib header, no checksum) against a preset dictionary, through the system zlib.
///
/// A dictionary holds text the input is likely to repeat; a short input that shares most of its text with the
/// dictionary (one Kubernetes object against another of its kind) shrinks to the few bytes that differ. Both ends
/// must use the same dictionary, and only its last 8 KiB count: the window is 8 KiB and the match finder's hash
/// table small (zlib's defaults, 32 KiB and memory level 8, cost 45 µs a call to set up against 4.5 µs here, for
/// inputs of a few KiB that compress the same).
public enum RawDeflate {
    /// Why a packed text could not be unpacked: it was not produced by ``compress(_:dictionary:)`` with the same
    /// dictionary, or it was changed since.
    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        public let code: Int32
        public let message: String
        public var description: String { "deflate data cannot be unpacked: \(message) (zlib \(code))" }
    }

    /// `input` compressed at zlib's default level against `dictionary`.
    public static func compress(_ input: [UInt8], dictionary: [UInt8]) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deallocate()
        }
        // Fails only without memory.
        guard deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -windowBits, memoryLevel, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { fatalError("zlib cannot start a deflate stream (out of memory)") }
        if !dictionary.isEmpty {
            dictionary.withUnsafeBufferPointer { dictionary in
                _ = deflateSetDictionary(stream, dictionary.baseAddress, uInt(dictionary.count))
            }
        }
        let bound = Int(deflateBound(stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        // deflateBound leaves room for the whole stream, so one call finishes it.
        let (status, written, _) = finish(stream, input, into: &output) { deflate($0, Z_FINISH) }
        precondition(status == Z_STREAM_END, "zlib deflate did not finish within deflateBound (\(status))")
        return [UInt8](output[..<written])
    }

    /// The `length` bytes `packed` was made from by ``compress(_:dictionary:)`` against `dictionary`.
    public static func decompress(_ packed: [UInt8], dictionary: [UInt8], length: Int) throws(Error) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deallocate()
        }
        guard inflateInit2_(stream, -windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { fatalError("zlib cannot start an inflate stream (out of memory)") }
        if !dictionary.isEmpty {
            let status = dictionary.withUnsafeBufferPointer { dictionary in
                inflateSetDictionary(stream, dictionary.baseAddress, uInt(dictionary.count))
            }
            guard status == Z_OK else { throw Error(code: status, message: "the dictionary was refused") }
        }
        // One byte of room beyond `length`, so that a longer text is caught instead of cut short.
        var output = [UInt8](repeating: 0, count: length + 1)
        let (status, written, consumed) = finish(stream, packed, into: &output) { inflate($0, Z_FINISH) }
        guard status == Z_STREAM_END else {
            let reason = stream.pointee.msg.map { String(cString: $0) } ?? (status == Z_BUF_ERROR ? "longer than expected, or cut short" : "corrupt")
            throw Error(code: status, message: reason)
        }
        guard written == length, consumed == packed.count else {
            throw Error(code: Z_DATA_ERROR, message: "unpacked to \(written) bytes, expected \(length)")
        }
        output.removeLast()
        return output
    }

    /// Points `stream` at all of `input` and `output` and makes one `call`: its status, and the bytes written and
    /// consumed.
    private static func finish(
        _ stream: UnsafeMutablePointer<z_stream>, _ input: [UInt8], into output: inout [UInt8],
        _ call: (UnsafeMutablePointer<z_stream>) -> Int32
    ) -> (status: Int32, written: Int, consumed: Int) {
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = output.baseAddress
                stream.pointee.avail_out = uInt(output.count)
                let status = call(stream)
                return (status, output.count - Int(stream.pointee.avail_out), input.count - Int(stream.pointee.avail_in))
            }
        }
    }

    /// 8 KiB.
    private static let windowBits: Int32 = 13
    /// A hash table of 8,192 entries.
    private static let memoryLevel: Int32 = 6
}
