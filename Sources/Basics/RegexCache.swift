/// Compiled regular expressions by pattern: compiling one costs about 50 times a match, and the
/// validators match the same few schema patterns for every object.
public enum RegexCache {
    private static let compiled = Locked([String: Regex<AnyRegexOutput>?]())

    /// The compiled `pattern`, or nil when it does not compile (remembered too).
    public static func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let known = compiled.withLock({ $0[pattern] }) { return known }
        let regex = try? Regex(pattern)
        compiled.withLock { cache in
            if cache.count >= 256 { cache.removeAll() }
            cache[pattern] = .some(regex)
        }
        return regex
    }
}
