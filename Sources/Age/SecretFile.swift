#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// Why a secret file could not be written.
public enum SecretFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists already; secret files are never overwritten.
    case alreadyExists(path: String)
    /// The operating system refused to create or write the file.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyExists(let path):
            "failed to open output file \"\(path)\": file exists (refusing to overwrite a key file; remove it or choose another path)"
        case .failed(let path, let reason):
            "failed to write output file \"\(path)\": \(reason)"
        }
    }
}

/// Creates files that hold secrets: new files only, readable by the owner only.
public enum SecretFile {
    /// Creates `path` with mode 0600 and writes `contents`; fails if the file exists.
    public static func createExclusive(atPath path: String, contents: Data) throws(SecretFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw .alreadyExists(path: path) }
            throw .failed(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var remaining = contents[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .failed(path: path, reason: String(cString: strerror(code)))
            }
            remaining = remaining.dropFirst(written)
        }
    }
}
