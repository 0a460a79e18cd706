import Basics
import FoundationEssentials

/// Where encryption and decryption write their output to.
public protocol AgeByteSink {
    /// Writes all of `data`.
    mutating func writeChunk(_ data: Data) throws
}

extension FileStream: AgeByteSink {
    public func writeChunk(_ data: Data) throws {
        try write(contentsOf: data)
    }
}

/// A sink that collects the output in memory.
public struct AgeDataSink: AgeByteSink, Sendable {
    /// Everything written so far.
    public private(set) var data = Data()

    /// Starts empty.
    public init() {}

    public mutating func writeChunk(_ data: Data) throws {
        self.data.append(data)
    }
}
