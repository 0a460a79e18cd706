import Basics
import FoundationEssentials

/// The hand-over point between a connection on the event loop (producer) and one consumer task, with
/// backpressure.
///
/// The producer never blocks: every chunk is taken, and once more than `highWater` bytes wait unread
/// the producer is told to stop reading from the socket; `resumeProducer` is called once the consumer
/// has read the backlog down to `lowWater`.
final class StreamBuffer: @unchecked Sendable {
    /// What the producer should do after a push.
    enum PushResult {
        /// Keep reading.
        case more
        /// The chunk was taken; stop reading until `resumeProducer` is called.
        case pause
        /// The consumer is gone; abort the transfer.
        case closed
    }

    private enum Poll {
        case chunk(Data)
        case end
        case failed(any Error)
        case wait
    }

    private let lock = Lock()
    private var chunks: [Data] = []
    private var head = 0
    private var bufferedBytes = 0
    private var paused = false
    private var finished = false
    private var failure: (any Error)?
    private var closedByConsumer = false
    private var waiter: CheckedContinuation<Data?, any Error>?
    private var resumeProducer: (@Sendable () -> Void)?
    private let highWater: Int
    private let lowWater: Int

    init(highWater: Int = 1 << 20, lowWater: Int = 256 << 10) {
        self.highWater = highWater
        self.lowWater = lowWater
    }

    /// Sets what un-pauses the producer; called once, before the request is sent.
    func setResumeHandler(_ handler: @escaping @Sendable () -> Void) {
        lock.withLock { resumeProducer = handler }
    }

    /// Producer: hands over a chunk.
    func push(_ chunk: Data) -> PushResult {
        lock.lock()
        if closedByConsumer || finished {
            lock.unlock()
            return .closed
        }
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: chunk)
            return .more
        }
        chunks.append(chunk)
        bufferedBytes += chunk.count
        let pause = bufferedBytes >= highWater
        if pause { paused = true }
        lock.unlock()
        return pause ? .pause : .more
    }

    /// Producer: no more chunks will come; `error` is thrown to the consumer after the buffered chunks.
    func finish(error: (any Error)?) {
        lock.lock()
        guard !finished else { lock.unlock(); return }
        finished = true
        failure = error
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    /// Consumer: stops reading; a waiting `next()` throws `cancelled`.
    func close() {
        lock.lock()
        closedByConsumer = true
        chunks.removeAll()
        head = 0
        bufferedBytes = 0
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(throwing: HTTPClientError.cancelled)
    }

    /// True once the producer finished or the consumer closed the stream.
    var isDone: Bool {
        lock.withLock { finished || closedByConsumer }
    }

    /// Consumer: the next chunk, or `nil` at the end of the stream.
    func next() async throws -> Data? {
        let (first, resume) = lock.withLock { pollLocked() }
        if resume { resumeProducer?() }
        switch first {
        case .chunk(let chunk): return chunk
        case .end: return nil
        case .failed(let error): throw error
        case .wait: break
        }
        return try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            let (second, resumeAgain) = pollLocked()
            if case .wait = second {
                waiter = continuation
                lock.unlock()
            } else {
                lock.unlock()
                switch second {
                case .chunk(let chunk): continuation.resume(returning: chunk)
                case .end: continuation.resume(returning: nil)
                case .failed(let error): continuation.resume(throwing: error)
                case .wait: break
                }
            }
            if resumeAgain { resumeProducer?() }
        }
    }

    /// Takes what is available without waiting; also says whether the producer must be resumed.
    private func pollLocked() -> (Poll, resume: Bool) {
        if closedByConsumer { return (.failed(HTTPClientError.cancelled), false) }
        var resume = false
        if paused && bufferedBytes - (chunks.indices.contains(head) ? chunks[head].count : 0) <= lowWater {
            paused = false
            resume = true
        }
        if head < chunks.count {
            let chunk = chunks[head]
            head += 1
            bufferedBytes -= chunk.count
            if head == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                head = 0
            }
            return (.chunk(chunk), resume)
        }
        if finished {
            if let failure { return (.failed(failure), resume) }
            return (.end, resume)
        }
        return (.wait, resume)
    }
}
