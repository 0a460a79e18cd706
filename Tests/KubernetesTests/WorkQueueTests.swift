import Basics
import Foundation
import TestSupport
import Testing
@testable import Kubernetes

@Suite struct WorkQueueTests {
    /// Per key: how many workers hold it now, the most ever at once, and version bookkeeping.
    final class Tracker: Sendable {
        struct State {
            var active: [Int: Int] = [:]
            var maxConcurrent = 0
            var version: [Int: Int] = [:]
            var processedVersion: [Int: Int] = [:]
            var processed = 0
        }
        let state = Locked(State())
    }

    @Test func eightWorkersNeverShareAKeyAndSeeEveryChange() async throws {
        let queue = WorkQueue<Int>()
        let tracker = Tracker()
        let workers = (0..<8).map { _ in
            Task {
                while let key = await queue.next() {
                    let seen = tracker.state.withLock { state -> Int in
                        state.active[key, default: 0] += 1
                        state.maxConcurrent = max(state.maxConcurrent, state.active[key]!)
                        return state.version[key, default: 0]
                    }
                    await Task.yield()
                    tracker.state.withLock { state in
                        state.active[key, default: 0] -= 1
                        state.processedVersion[key] = max(state.processedVersion[key, default: 0], seen)
                        state.processed += 1
                    }
                    await queue.done(key)
                }
            }
        }
        for index in 0..<10_000 {
            let key = index % 100
            // Record the change before adding, as an informer handler does.
            tracker.state.withLock { $0.version[key, default: 0] += 1 }
            await queue.add(key)
            if index % 97 == 0 { await Task.yield() }
        }
        let drained = await eventually {
            let caughtUp = tracker.state.withLock { state in (0..<100).allSatisfy { state.processedVersion[$0] == state.version[$0] } }
            let depth = await queue.depth
            let busy = await queue.processingCount
            return caughtUp && depth == 0 && busy == 0
        }
        #expect(drained, "every key is processed again after its last change")
        let state = tracker.state.withLock { $0 }
        #expect(state.maxConcurrent == 1)
        #expect(state.processed >= 100)
        #expect(state.processed <= 10_000)
        await queue.shutDown()
        for worker in workers { await worker.value }
    }

    @Test func delayedAddsBackoffForgetAndShutdown() async throws {
        let latencies = Locked<[Duration]>([])
        let queue = WorkQueue<String>(backoff: Backoff(initial: .milliseconds(40), maximum: .milliseconds(200)), latencyObserver: { latency in
            latencies.withLock { $0.append(latency) }
        })
        await queue.add("a", after: .milliseconds(100))
        #expect(await queue.depth == 0)
        let start = ContinuousClock.now
        #expect(await queue.next() == "a")
        #expect(start.duration(to: .now) >= .milliseconds(90))
        await queue.done("a")

        await queue.addRateLimited("b")
        await queue.addRateLimited("b")
        #expect(await queue.retries("b") == 2)
        #expect(await queue.next() == "b")
        await queue.forget("b")
        #expect(await queue.retries("b") == 0)
        await queue.done("b")
        #expect(latencies.withLock { $0.count } == 2)

        // Duplicate adds wait once.
        await queue.add("c")
        await queue.add("c")
        #expect(await queue.depth == 1)

        let waiter = Task { () -> [String?] in
            var got: [String?] = []
            got.append(await queue.next())
            got.append(await queue.next())
            return got
        }
        // Shut down once "c" is handed out and the waiter waits for more (not after a guessed delay).
        #expect(await eventually { await queue.processingCount == 1 })
        await queue.shutDown()
        let got = await waiter.value
        #expect(got == ["c", nil])
        await queue.add("d")
        #expect(await queue.next() == nil)
    }
}

@Suite struct WorkQueueDelayTests {
    @Test func delayedKeysComeOutInDeadlineOrderAndTheLatestDelayWins() async throws {
        let queue = WorkQueue<Int>()
        // Added in a shuffled order; key k is due after 200 + 10 k ms (far apart enough for a loaded machine).
        var generator = SplitMix64(seed: 7)
        var keys = Array(0..<100)
        for index in stride(from: keys.count - 1, to: 0, by: -1) {
            keys.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        for key in keys { await queue.add(key, after: .milliseconds(200 + 10 * key)) }
        // Key 0 is moved behind everything, key 99 to the front.
        await queue.add(0, after: .milliseconds(3_000))
        await queue.add(99, after: .milliseconds(1))
        #expect(await queue.delayedCount == 100)
        var order: [Int] = []
        for _ in 0..<100 {
            guard let key = await queue.next() else { break }
            order.append(key)
            await queue.done(key)
        }
        #expect(order == [99] + Array(1..<99) + [0])
        #expect(await queue.delayedCount == 0)
    }

    @Test func anImmediateAddCancelsAPendingDelayAndShutdownDropsTheRest() async throws {
        let queue = WorkQueue<String>()
        await queue.add("soon", after: .seconds(3_600))
        await queue.add("soon", after: .zero)
        #expect(await queue.next() == "soon")
        await queue.done("soon")
        #expect(await queue.delayedCount == 0)
        await queue.add("later", after: .seconds(3_600))
        #expect(await queue.delayedCount == 1)
        await queue.shutDown()
        #expect(await queue.delayedCount == 0)
        #expect(await queue.next() == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func aPausedQueueKeepsItsKeysAndReleasesItsWaiters() async throws {
        let queue = WorkQueue<Int>()
        let waiter = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(50))
        await queue.pause()
        #expect(await waiter.value == nil, "a worker waiting when the queue pauses is released")
        await queue.add(1)
        await queue.add(2)
        #expect(await queue.next() == nil, "nothing is handed out while paused")
        #expect(await queue.depth == 2, "keys added while paused are kept")
        await queue.resume()
        #expect(await queue.next() == 1)
        #expect(await queue.next() == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingAWaitingWorkerReturnsNilAndLosesNoKey() async throws {
        let queue = WorkQueue<Int>()
        let waiter = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        #expect(await waiter.value == nil)
        await queue.add(7)
        #expect(await queue.next() == 7, "the cancelled waiter did not take the key")
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await queue.next()
        }
        await queue.add(8)
        #expect(await cancelled.value == nil, "a cancelled task is handed nothing")
        #expect(await queue.depth == 1)
    }
}
