/// Compiled regular expressions by pattern: compiling one costs about 50 times a match, and the
/// validators match the same few schema patterns for every object.
public enum RegexCache {
    private static let lock = Lock()
    nonisolated(unsafe) private static var compiled: [String: Regex<AnyRegexOutput>?] = [:]

    /// The compiled `pattern`, or nil when it does not compile (remembered too).
    public static func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let known = lock.withLock({ compiled[pattern] }) { return known }
        let regex = try? Regex(pattern)
        lock.withLock {
            if compiled.count >= 256 { compiled.removeAll() }
            compiled[pattern] = .some(regex)
        }
        return regex
    }
}
