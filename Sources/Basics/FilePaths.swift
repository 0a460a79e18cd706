import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Path text as `NSString`'s path methods treat it, for the few places that build paths from a
/// folder and a name.
public enum FilePaths {
    /// `component` appended to `base` with one `/` between them, e.g. `join("/a/", "b")` is `/a/b`.
    public static func join(_ base: String, _ component: String) -> String {
        if base.isEmpty { return component }
        if component.isEmpty { return base }
        let head = base.hasSuffix("/") ? String(base.dropLast()) : base
        let tail = component.hasPrefix("/") ? String(component.dropFirst()) : component
        return head + "/" + tail
    }

    /// The folder part of `path`: `/a/b` gives `/a`, `/a` gives `/`, `a` gives the empty string.
    public static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The user's home folder from the password database (what Foundation's `NSHomeDirectory()`
    /// falls back to when `HOME` is unset), or `/` when there is none.
    public static func homeDirectoryFromPasswordDatabase() -> String {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return "/" }
        return String(cString: directory)
    }
}
