import CCurl
import Basics
import FoundationEssentials

/// One dedicated thread that drives a curl multi handle.
///
/// Tasks never block on I/O: they configure a transfer, queue it here and suspend on a continuation
/// that this thread resumes. All easy handles live on this thread once queued; other threads talk
/// to it only through the command queue and `curl_multi_wakeup`.
final class CurlEventLoop: @unchecked Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case resume(CurlTransfer)
    }

    private enum Lifecycle { case running, draining, stopping, stopped }

    private let multi: UnsafeMutableRawPointer
    private let lock = Lock()
    private var commands: [Command] = []
    private var lifecycle = Lifecycle.running
    /// Transfers in the multi handle, by easy handle (loop thread only).
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(name: String, maxConnectionsPerHost: Int) {
        CurlGlobal.initialize()
        guard let multi = curl_multi_init() else {
            preconditionFailure("curl_multi_init failed: out of memory")
        }
        self.multi = multi
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConnectionsPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        PlainThread.detach(name: name) { [self] in
            run()
        }
    }

    /// Queues a configured transfer; fails it at once if the loop has stopped.
    func submit(_ transfer: CurlTransfer) {
        enqueue(.add(transfer), orFail: transfer)
    }

    /// Aborts a transfer (queued or running); its waiter gets `cancelled`.
    func cancel(_ transfer: CurlTransfer) {
        enqueue(.cancel(transfer), orFail: nil)
    }

    /// Un-pauses a streaming transfer whose consumer caught up.
    func resume(_ transfer: CurlTransfer) {
        enqueue(.resume(transfer), orFail: nil)
    }

    /// Stops taking work; the thread exits when the running transfers have finished.
    func stopWhenIdle() {
        lock.withLock {
            if lifecycle == .running { lifecycle = .draining }
            _ = curl_multi_wakeup(multi)
        }
    }

    /// Stops at once: running transfers fail with `shutdown`.
    func stop() {
        lock.withLock {
            if lifecycle == .running || lifecycle == .draining { lifecycle = .stopping }
            if lifecycle != .stopped { _ = curl_multi_wakeup(multi) }
        }
    }

    private func enqueue(_ command: Command, orFail transfer: CurlTransfer?) {
        lock.lock()
        let accepting: Bool
        switch lifecycle {
        case .running: accepting = true
        case .draining, .stopping, .stopped: accepting = transfer == nil && lifecycle != .stopped
        }
        if accepting {
            commands.append(command)
            _ = curl_multi_wakeup(multi)
        }
        lock.unlock()
        if !accepting, let transfer {
            transfer.finish(error: .shutdown)
            transfer.cleanup()
        }
    }

    // MARK: The loop thread

    private func run() {
        var running: Int32 = 0
        while true {
            let (batch, state) = lock.withLock { () -> ([Command], Lifecycle) in
                let batch = commands
                commands.removeAll(keepingCapacity: true)
                return (batch, lifecycle)
            }
            for command in batch { apply(command) }
            if state == .stopping || (state == .draining && active.isEmpty) { break }
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            let idle = lock.withLock { commands.isEmpty }
            if idle { _ = curl_multi_poll(multi, nil, 0, 1000, nil) }
        }
        for transfer in active.values { remove(transfer, error: .shutdown) }
        let leftover = lock.withLock { () -> [Command] in
            lifecycle = .stopped
            let leftover = commands
            commands.removeAll()
            return leftover
        }
        for case .add(let transfer) in leftover {
            transfer.finish(error: .shutdown)
            transfer.cleanup()
        }
        curl_multi_cleanup(multi)
    }

    private func apply(_ command: Command) {
        switch command {
        case .add(let transfer):
            if transfer.cancelRequested {
                transfer.finish(error: .cancelled)
                transfer.cleanup()
                return
            }
            let code = curl_multi_add_handle(multi, transfer.handle)
            guard code == CURLM_OK else {
                transfer.finish(error: .transport(code: Int(code.rawValue), message: String(cString: curl_multi_strerror(code))))
                transfer.cleanup()
                return
            }
            transfer.added = true
            active[transfer.handle] = transfer
        case .cancel(let transfer):
            if transfer.added {
                if active[transfer.handle] === transfer { remove(transfer, error: .cancelled) }
            } else {
                transfer.cancelRequested = true
            }
        case .resume(let transfer):
            if active[transfer.handle] === transfer {
                _ = curl_easy_pause(transfer.handle, CURLPAUSE_CONT)
            }
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard ccurl_message_is_done(message) != 0, let handle = ccurl_message_handle(message),
                  let transfer = active[handle]
            else { continue }
            let result = ccurl_message_result(message)
            active[handle] = nil
            _ = curl_multi_remove_handle(multi, handle)
            transfer.complete(result: result)
            transfer.cleanup()
        }
    }

    private func remove(_ transfer: CurlTransfer, error: HTTPClientError) {
        active[transfer.handle] = nil
        _ = curl_multi_remove_handle(multi, transfer.handle)
        transfer.finish(error: error)
        transfer.cleanup()
    }
}

extension CurlEventLoop {
    private static let counter = LockedCounter()

    /// A thread name unique in this process, at most 15 bytes (the Linux limit).
    static func uniqueThreadName() -> String {
        "curl-loop-\(counter.next() % 100_000)"
    }
}

/// A counter shared between threads.
final class LockedCounter: @unchecked Sendable {
    private let lock = Lock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

/// libcurl's process-wide initialisation, done once before the first handle.
enum CurlGlobal {
    private static let done: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        return true
    }()

    static func initialize() { _ = done }
}
