import FoundationEssentials

/// A value guarded by a lock, for the few places where state is shared between threads and tasks
/// and an actor hop would be wrong (synchronous cache reads). The one lock of the project above NIO.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = Lock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
