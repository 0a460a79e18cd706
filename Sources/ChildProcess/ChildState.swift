import Basics
import FoundationEssentials
import Glibc

/// A child's exit and the tasks waiting for it, shared with the thread that reaps it.
final class ChildState: @unchecked Sendable {
    private let pid: pid_t
    private let lock = Lock()
    private var reaped: ChildExit?
    private var finished = false
    private var waiters: [UInt64: Waiter] = [:]
    private var nextWaiter: UInt64 = 0

    private struct Waiter {
        var continuation: CheckedContinuation<ChildExit?, Never>
        var timer: Task<Void, Never>?
    }

    init(pid: pid_t) { self.pid = pid }

    var exit: ChildExit? { lock.withLock { reaped } }

    /// Signals the child, unless it has been reaped: reaping happens under the same lock, so the
    /// process ID cannot belong to another process yet.
    func signal(_ signal: Int32) {
        lock.withLock {
            if reaped == nil { _ = Glibc.kill(pid, signal) }
        }
    }

    /// Waits (without reaping) for the exit, reaps under the lock, waits for the output to end,
    /// then resumes every waiter.
    func startReaper(collectors: [OutputCollector]) {
        PlainThread.detach(name: "child-reaper") { [self] in
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
            lock.withLock {
                var status: Int32 = 0
                var result: pid_t
                repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
                reaped = result == pid ? ChildExit(waitStatus: status) : .unknown
            }
            collectors.forEach { $0.waitForEnd() }
            let (exit, resumed) = lock.withLock { () -> (ChildExit?, [Waiter]) in
                finished = true
                defer { waiters = [:] }
                return (reaped, Array(waiters.values))
            }
            for waiter in resumed {
                waiter.timer?.cancel()
                waiter.continuation.resume(returning: exit)
            }
        }
    }

    /// The exit once the child has ended and its output is read; nil after `timeout`.
    func wait(timeout: Duration?) async -> ChildExit? {
        await withCheckedContinuation { continuation in
            lock.withLock {
                if finished {
                    continuation.resume(returning: reaped)
                    return
                }
                let id = nextWaiter
                nextWaiter += 1
                var waiter = Waiter(continuation: continuation, timer: nil)
                if let timeout {
                    waiter.timer = Task { [self] in
                        try? await Task.sleep(for: timeout)
                        if !Task.isCancelled { expire(id) }
                    }
                }
                waiters[id] = waiter
            }
        }
    }

    private func expire(_ id: UInt64) {
        let waiter = lock.withLock { waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(returning: nil)
    }
}
