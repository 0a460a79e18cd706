import Dispatch
import Basics
import FoundationEssentials
import Glibc

/// Reads one pipe to its end on a thread of its own, keeping up to `limit` bytes.
final class OutputCollector: @unchecked Sendable {
    private let lock = Lock()
    private var data = Data()
    private var dropped = false
    private let done = DispatchGroup()

    /// Starts reading `descriptor`, which the collector owns and closes at end of file.
    init(descriptor: Int32, limit: Int) {
        done.enter()
        PlainThread.detach(name: "child-output") { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                lock.withLock {
                    let room = max(0, limit - data.count)
                    if count > room { dropped = true }
                    data.append(contentsOf: buffer[0..<min(count, room)])
                }
            }
            close(descriptor)
            done.leave()
        }
    }

    /// What was read so far.
    var bytes: Data { lock.withLock { data } }

    /// Whether output beyond the limit was dropped.
    var truncated: Bool { lock.withLock { dropped } }

    /// Blocks the calling (plain) thread until the pipe reached its end.
    func waitForEnd() { done.wait() }
}
