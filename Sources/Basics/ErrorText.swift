import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A short reason for an error from a file operation, for messages such as "cannot read the
/// kubeconfig: No such file or directory": the system's text for the underlying `errno` when there
/// is one (FoundationEssentials' `CocoaError` has no localized description), else the error itself.
public func errorText(_ error: any Error) -> String {
    if let stream = error as? FileStreamError { return String(cString: strerror(stream.errno)) }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    if let cocoa = error as? CocoaError {
        if let underlying = cocoa.userInfo["NSUnderlyingError"] as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        switch cocoa.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
        case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "the file is not valid UTF-8 text"
        default: return "\(cocoa.code)"
        }
    }
    return "\(error)"
}
