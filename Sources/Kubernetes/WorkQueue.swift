import Basics
/// A rate-limited work queue of keys, as controllers use it.
///
/// A key waits at most once however often it is added; a key being processed is never handed to
/// a second worker, and a key added while being processed is handed out again after ``done(_:)``.
/// Failed keys come back after a per-key exponential backoff with jitter (``addRateLimited(_:)``)
/// until ``forget(_:)``. Delayed adds wait in one deadline heap served by a single timer task, so ten thousand
/// Gateways waiting weeks for their renewal cost a heap entry each, not a sleeping task each.
public actor WorkQueue<Key: Hashable & Sendable> {
    /// Called with how long each key waited between being added and being handed to a worker.
    public typealias LatencyObserver = @Sendable (Duration) -> Void

    private var queue: [Key] = []
    private var head = 0
    private var dirty: Set<Key> = []
    private var processing: Set<Key> = []
    private var addedAt: [Key: ContinuousClock.Instant] = [:]
    private var failures: [Key: Int] = [:]
    private var waiters: [(id: Int, continuation: CheckedContinuation<Key?, Never>)] = []
    private var nextWaiterID = 0
    private var paused = false
    /// The pending delayed add of each key (the latest call wins); the heap may hold older, stale entries too.
    private var delayed: [Key: ContinuousClock.Instant] = [:]
    private var deadlines = DeadlineHeap<Key>()
    private var timer: Task<Void, Never>?
    private var timerDeadline: ContinuousClock.Instant?
    private var shuttingDown = false
    private let backoff: Backoff
    private let latencyObserver: LatencyObserver?

    /// `backoff` paces ``addRateLimited(_:)`` (default 5 ms doubling up to 1000 s, as client-go).
    public init(backoff: Backoff = Backoff(initial: .milliseconds(5), maximum: .seconds(1000)), latencyObserver: LatencyObserver? = nil) {
        self.backoff = backoff
        self.latencyObserver = latencyObserver
    }

    /// Keys waiting to be handed out (not counting keys being processed or delayed).
    public var depth: Int { queue.count - head }

    /// Keys currently handed to workers.
    public var processingCount: Int { processing.count }

    public var isShuttingDown: Bool { shuttingDown }

    /// Queues `key` unless it is already waiting.
    public func add(_ key: Key) {
        guard !shuttingDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        addedAt[key] = addedAt[key] ?? .now
        if processing.contains(key) { return }
        if let waiter = waiters.first {
            waiters.removeFirst()
            handOut(key, to: waiter.continuation)
        } else {
            queue.append(key)
        }
    }

    /// Queues `key` after `delay`, replacing a pending delayed add of the same key.
    public func add(_ key: Key, after delay: Duration) {
        guard !shuttingDown else { return }
        guard delay > .zero else {
            delayed[key] = nil
            return add(key)
        }
        let deadline = ContinuousClock.now + delay
        delayed[key] = deadline
        deadlines.insert(key, at: deadline)
        if deadlines.count > 2 * delayed.count + 1024 { deadlines.rebuild(from: delayed) }
        scheduleTimer()
    }

    /// Keys waiting for a delayed add.
    public var delayedCount: Int { delayed.count }

    /// Queues `key` after its backoff: each call without ``forget(_:)`` doubles the delay (with jitter, up to the cap).
    public func addRateLimited(_ key: Key) {
        let attempt = failures[key, default: 0]
        failures[key] = attempt + 1
        add(key, after: backoff.delay(attempt: attempt))
    }

    /// How many times `key` has been rate-limited since the last ``forget(_:)``.
    public func retries(_ key: Key) -> Int { failures[key, default: 0] }

    /// Clears `key`'s backoff (call after it was processed successfully).
    public func forget(_ key: Key) {
        failures[key] = nil
    }

    /// The next key to process, waiting for one; nil once the queue shuts down or is paused, or when the calling
    /// task is cancelled. Call ``done(_:)`` when finished with it.
    public func next() async -> Key? {
        if shuttingDown || paused || Task.isCancelled { return nil }
        if head < queue.count {
            let key = queue[head]
            head += 1
            compact()
            return take(key)
        }
        let id = nextWaiterID
        nextWaiterID += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { waiters.append((id, $0)) }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Marks `key` as processed; if it was added meanwhile it is queued again.
    public func done(_ key: Key) {
        processing.remove(key)
        guard dirty.contains(key), !shuttingDown else { return }
        if let waiter = waiters.first {
            waiters.removeFirst()
            handOut(key, to: waiter.continuation)
        } else {
            queue.append(key)
        }
    }

    /// Stops handing out keys while keeping them: waiting and later ``next()`` calls return nil until ``resume()``.
    /// Adds, delayed adds and backoff go on, so a paused queue (a replica that stopped leading) resumes where it was.
    public func pause() {
        paused = true
        releaseWaiters()
    }

    /// Hands out keys again after ``pause()``.
    public func resume() {
        paused = false
    }

    public var isPaused: Bool { paused }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }

    private func releaseWaiters() {
        let pending = waiters
        waiters = []
        pending.forEach { $0.continuation.resume(returning: nil) }
    }

    /// Stops handing out keys: waiting and later ``next()`` calls return nil; delayed adds are dropped.
    public func shutDown() {
        shuttingDown = true
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        delayed = [:]
        deadlines = DeadlineHeap()
        releaseWaiters()
    }

    /// Makes sure the timer task wakes at the earliest pending deadline.
    private func scheduleTimer() {
        guard !shuttingDown, let earliest = deadlines.first?.deadline else { return }
        if timer != nil, let timerDeadline, timerDeadline <= earliest { return }
        timer?.cancel()
        timerDeadline = earliest
        timer = Task { [weak self] in
            try? await Task.sleep(until: earliest, clock: .continuous)
            guard !Task.isCancelled else { return }
            await self?.fireDue()
        }
    }

    /// Adds every key whose deadline has come, then waits for the next one.
    private func fireDue() {
        timer = nil
        timerDeadline = nil
        let now = ContinuousClock.now
        while let entry = deadlines.first, entry.deadline <= now {
            _ = deadlines.popFirst()
            guard delayed[entry.key] == entry.deadline else { continue }
            delayed[entry.key] = nil
            add(entry.key)
        }
        scheduleTimer()
    }

    private func handOut(_ key: Key, to waiter: CheckedContinuation<Key?, Never>) {
        waiter.resume(returning: take(key))
    }

    private func take(_ key: Key) -> Key {
        dirty.remove(key)
        processing.insert(key)
        if let since = addedAt.removeValue(forKey: key) { latencyObserver?(since.duration(to: .now)) }
        return key
    }

    private func compact() {
        if head > 1024, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }
}
