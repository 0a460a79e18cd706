#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

/// The one event-loop thread that every ``HTTPClient`` of the process shares, started on first use
/// and never stopped. Its thread is named `rb-http-<n>-#0`.
enum SharedEventLoop {
    private static let group = MultiThreadedEventLoopGroup._makePerpetualGroup(threadNamePrefix: "rb-http-", numberOfThreads: 1)

    /// The loop every connection and timer of every client runs on.
    static var loop: any EventLoop { group.next() }

    /// The loop thread's name as the system shows it (`/proc/self/task/*/comm`).
    static let threadName: String = {
        let name = try? loop.submit { currentThreadName() }.wait()
        return name ?? "rb-http-"
    }()

    /// The calling thread's name, from `/proc/thread-self/comm` (empty where there is no such file).
    private static func currentThreadName() -> String {
        let descriptor = open("/proc/thread-self/comm", O_RDONLY)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return "" }
        return String(decoding: buffer[..<count].prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}
