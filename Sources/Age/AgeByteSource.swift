import Basics
import FoundationEssentials

/// Where encryption and decryption read their input from.
public protocol AgeByteSource {
    /// Returns up to `count` bytes (at least one), or empty data at the end of the input.
    mutating func readChunk(upTo count: Int) throws -> Data
}

extension FileStream: AgeByteSource {
    public func readChunk(upTo count: Int) throws -> Data {
        try read(upToCount: count)
    }
}

/// A source that reads from bytes in memory.
public struct AgeDataSource: AgeByteSource, Sendable {
    private let data: Data
    private var offset: Data.Index

    /// Reads `data` from its start.
    public init(_ data: Data) {
        self.data = data
        self.offset = data.startIndex
    }

    public mutating func readChunk(upTo count: Int) throws -> Data {
        let end = data.index(offset, offsetBy: min(count, data.endIndex - offset))
        defer { offset = end }
        return Data(data[offset..<end])
    }
}
