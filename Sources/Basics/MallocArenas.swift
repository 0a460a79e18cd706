internal import CMalloc

/// glibc's malloc keeps up to eight arenas per core, one per thread that allocates at the same time
/// as another; at 10,000 Gateways the operator's peak resident memory was 94 MiB with the default and
/// 82 MiB with two arenas, at the same speed (measured with `runbeam-bench cold-start`). The
/// `MALLOC_ARENA_MAX` environment variable, when set, is the user's choice and wins.
public enum MallocArenas {
    /// The arenas the operator asks for.
    public static let limit: Int32 = 2

    /// The limit to set, or nil when the environment already sets one (or this is not glibc).
    public static func limitToSet(environment: [String: String]) -> Int32? {
        #if canImport(Glibc)
        environment["MALLOC_ARENA_MAX"] == nil ? limit : nil
        #else
        nil
        #endif
    }

    /// Limits the arenas of threads that start allocating from now on; call first thing in a long-running command.
    public static func limit(environment: [String: String]) {
        if let arenas = limitToSet(environment: environment) { _ = cmalloc_limit_arenas(arenas) }
    }
}
