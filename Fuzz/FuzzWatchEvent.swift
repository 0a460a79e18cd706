import Foundation
import HTTP
import JSON
import Kubernetes
import Synchronization

/// The input as a byte stream cut into chunks.
private struct Chunks: AsyncSequence, Sendable {
    typealias Element = Data
    let chunks: [Data]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<Data>
        mutating func next() async -> Data? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
}

/// How many `Outcome`s exist. An input is done only when this is 0 again: the detached task
/// releases its closure, and with it the outcome, after it has set `finished`, and LeakSanitizer
/// (which libFuzzer runs when an input's mallocs and frees do not balance) would otherwise report
/// the lines the task still holds as leaked.
private let liveOutcomes = Atomic<Int>(0)

/// What `HTTPLineSequence` delivered: the lines, and whether it stopped with an error. Written by
/// the splitting task before it sets `finished` (release), read after `finished` is seen (acquire).
private final class Outcome: @unchecked Sendable {
    /// The input, held here so that the task's closure captures nothing but the outcome.
    let chunks: [Data]
    var lines: [Data] = []
    var failed = false
    let finished = Atomic<Bool>(false)

    init(chunks: [Data]) {
        self.chunks = chunks
        liveOutcomes.add(1, ordering: .relaxed)
    }
    deinit { liveOutcomes.subtract(1, ordering: .releasing) }
}

/// Splits `chunks` with `HTTPLineSequence` on a detached task and returns what it delivered once
/// the task has let go of everything it allocated.
private func split(_ chunks: [Data], maxLineLength: Int) -> (lines: [Data], failed: Bool) {
    let delivered: (lines: [Data], failed: Bool)
    do {
        let outcome = Outcome(chunks: chunks)
        Task.detached {
            do {
                for try await line in HTTPLineSequence(base: Chunks(chunks: outcome.chunks), maxLineLength: maxLineLength) {
                    outcome.lines.append(line)
                }
            } catch {
                outcome.failed = true
            }
            outcome.finished.store(true, ordering: .releasing)
        }
        // A yielding wait: a semaphore's sleep and wake-up cost milliseconds per input on a busy machine.
        while !outcome.finished.load(ordering: .acquiring) { sched_yield() }
        delivered = (outcome.lines, outcome.failed)
    }
    while liveOutcomes.load(ordering: .acquiring) > 0 { sched_yield() }
    return delivered
}

/// The first byte picks the chunk size (1 B to 2 KiB) and the line limit (1 MiB, or 128–255 B);
/// the rest is a watch body. It is split into lines by `HTTPLineSequence` (checked against a
/// direct split), every line goes through `WatchLine.decode`, and every object through the typed
/// views the operator reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWatchEvent(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = Int(bytes[0])
    let body = Data(bytes: bytes + 1, count: size - 1)
    let chunkSize = 1 << (control % 12)
    let maxLineLength = control < 128 ? 1 << 20 : control
    let chunks = stride(from: 0, to: body.count, by: chunkSize).map { body[$0..<min($0 + chunkSize, body.count)] }.map { Data($0) }
    let outcome = split(chunks, maxLineLength: maxLineLength)

    let expected = referenceLines(body)
    let tooLong = expected.firstIndex { $0.count > maxLineLength }
    if let tooLong {
        guard outcome.failed, outcome.lines == expected.prefix(tooLong).map(trimmed) else {
            fatalError("HTTPLineSequence did not deliver every line before the one longer than \(maxLineLength) bytes, then stop")
        }
    } else {
        guard !outcome.failed, outcome.lines == expected.map(trimmed) else {
            fatalError("HTTPLineSequence split the stream differently from a plain split at \\n")
        }
    }

    for line in outcome.lines {
        guard let event = try? WatchLine.decode(line) else { continue }
        _ = event.resourceVersion
        switch event {
        case .added(let object), .modified(let object), .deleted(let object):
            inspect(object)
        case .bookmark, .error, .unknown:
            break
        }
    }
    return 0
}

/// Lines split at `\n` without their `\n`; bytes after the last `\n` form a last line.
private func referenceLines(_ body: Data) -> [Data] {
    var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Data($0) }
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
}

private func trimmed(_ line: Data) -> Data {
    line.last == UInt8(ascii: "\r") ? line.dropLast() : line
}

/// Reads every view of the object the controller uses.
private func inspect(_ object: KubernetesObject) {
    let meta = object.metadata
    _ = (meta.name, meta.namespace, meta.uid, meta.resourceVersion, meta.generation, meta.labels, meta.annotations)
    _ = (meta.ownerReferences, meta.finalizers, meta.creationTimestamp, meta.deletionTimestamp)
    let secret = Secret(object: object)
    _ = (secret.type, secret.data, secret.stringData)
    let deployment = Deployment(object: object)
    _ = (deployment.paused, deployment.replicas, deployment.updatedReplicas, deployment.readyReplicas)
    inspect(workload: deployment)
    inspect(workload: StatefulSet(object: object))
    inspect(workload: DaemonSet(object: object))
    guard let reparsed = try? JSONValue(parsing: object.json.serialized()), sameJSON(reparsed, object.json) else {
        fatalError("serializing the object and parsing it again changed it")
    }
}

private func inspect(workload: some Workload) {
    _ = (workload.observedGeneration, workload.isRolledOut)
    let template = workload.podTemplate
    _ = (template.annotations, template.secretVolumeNames, template.referencedSecretNames)
    for container in template.containers {
        _ = (container.name, container.envFromSecretNames, container.env.map { ($0.name, $0.value, $0.secretName, $0.secretKey) })
    }
}

/// Equal JSON, with numbers compared by value (`1.0` is written as `1` and read back as an integer).
private func sameJSON(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.array(let left), .array(let right)):
        return left.count == right.count && zip(left, right).allSatisfy(sameJSON)
    case (.object(let left), .object(let right)):
        return left.count == right.count && left.allSatisfy { key, value in right[key].map { sameJSON(value, $0) } ?? false }
    case (.int, .double), (.double, .int), (.double, .double):
        return lhs.doubleValue == rhs.doubleValue
    default:
        return lhs == rhs
    }
}
