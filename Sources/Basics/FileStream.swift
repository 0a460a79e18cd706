import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor read or written in whole buffers: standard input and output, or a file opened
/// by path. Stands in for Foundation's `FileHandle`.
public final class FileStream: @unchecked Sendable {
    public let descriptor: Int32
    private let owned: Bool

    private init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.owned = owned
    }

    deinit {
        if owned { _ = close(descriptor) }
    }

    public static let standardInput = FileStream(descriptor: 0, owned: false)
    public static let standardOutput = FileStream(descriptor: 1, owned: false)
    public static let standardError = FileStream(descriptor: 2, owned: false)

    /// Opens `path` for reading; throws the system's reason (e.g. `No such file or directory`).
    public static func reading(_ path: String) throws(FileStreamError) -> FileStream {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileStreamError(path: path, errno: errno) }
        return FileStream(descriptor: descriptor, owned: true)
    }

    /// Creates or truncates `path` for writing, with `mode` for a new file.
    public static func writing(_ path: String, mode: mode_t = 0o644) throws(FileStreamError) -> FileStream {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileStreamError(path: path, errno: errno) }
        return FileStream(descriptor: descriptor, owned: true)
    }

    /// `count` bytes, or fewer when the end of the file comes first; empty at end of file. Reads in chunks of at
    /// most 64 KiB, so a large `count` used as a limit (read one byte more than allowed to notice a file that is too
    /// big) costs only what the file holds.
    public func read(upToCount count: Int) throws(FileStreamError) -> Data {
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: min(count, 64 << 10))
        while result.count < count {
            let wanted = min(chunk.count, count - result.count)
            let read = chunk.withUnsafeMutableBytes { SystemCalls.read(descriptor, $0.baseAddress, wanted) }
            if read == 0 { break }
            if read < 0 {
                if errno == EINTR { continue }
                throw FileStreamError(path: nil, errno: errno)
            }
            result.append(contentsOf: chunk[0..<read])
        }
        return result
    }

    /// Everything up to end of file.
    public func readToEnd() throws(FileStreamError) -> Data {
        var all = Data()
        while true {
            let chunk = try read(upToCount: 64 << 10)
            if chunk.isEmpty { return all }
            all.append(chunk)
        }
    }

    /// Writes all of `data`; throws on a write error (e.g. a closed pipe).
    public func write(contentsOf data: some DataProtocol) throws(FileStreamError) {
        let bytes = Array(data)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { SystemCalls.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileStreamError(path: nil, errno: errno)
            }
            offset += written
        }
    }

    /// Writes `text`, ignoring errors: for messages to a terminal or log, where a failed write has
    /// nowhere better to be reported.
    public func write(_ text: String) {
        try? write(contentsOf: Array(text.utf8))
    }
}

/// A failed open, read or write, with the system's reason.
public struct FileStreamError: Error, CustomStringConvertible, Sendable {
    public var path: String?
    public var errno: Int32

    public var description: String {
        let reason = String(cString: strerror(errno))
        return path.map { "\($0): \(reason)" } ?? reason
    }
}

/// The C library's `read` and `write`, by names that `FileStream`'s own methods do not hide.
private enum SystemCalls {
    static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }
}
