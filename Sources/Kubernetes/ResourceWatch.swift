import Basics
import FoundationEssentials
import HTTP
import JSON
import Logging

/// List-then-watch of one resource type, as an `AsyncSequence` of ``WatchEvent``s that never ends
/// by itself (cancel the consuming task to stop).
///
/// It lists, then watches from the list's resourceVersion, so no change between the two is lost;
/// asks for bookmarks and resumes from the last resourceVersion seen when a stream ends; lists
/// again (a `.listed` event) after 410 Gone, as a status or as an `ERROR` event; and backs off with
/// jitter after errors. Lines that are not valid events are logged and skipped.
public struct ResourceWatch<Resource: Sendable>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Resource>

    /// Timing of the watch loop.
    public struct Configuration: Sendable {
        /// The server-side timeout asked for each watch request.
        public var timeoutSeconds: Int
        /// Backoff after a failed list or watch; reset after a stream delivered events.
        public var backoff: Backoff
        /// Abort a stream when nothing (not even a bookmark) arrives for this long.
        public var idleTimeout: Duration?

        public init(timeoutSeconds: Int = 300, backoff: Backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5)), idleTimeout: Duration? = nil) {
            self.timeoutSeconds = timeoutSeconds
            self.backoff = backoff
            self.idleTimeout = idleTimeout
        }
    }

    let client: any ListWatchCalls
    let type: ResourceType
    let namespace: String?
    let options: ListOptions
    let configuration: Configuration
    let logger: Logger
    /// Applied to every object (list items page by page, so a large first list is never held untrimmed).
    let transform: (@Sendable (inout KubernetesObject) -> Void)?
    /// Makes the delivered form of every received object after the transform (list items page by page too, so a
    /// large first list is never held whole in its parsed form).
    let deliver: @Sendable (KubernetesObject) -> Resource

    /// List-then-watch of `type` through `client`, each received object trimmed by `transform` and delivered as
    /// `deliver` makes it.
    init(
        client: any ListWatchCalls, type: ResourceType, namespace: String?, options: ListOptions, configuration: Configuration,
        logger: Logger, transform: (@Sendable (inout KubernetesObject) -> Void)?, deliver: @escaping @Sendable (KubernetesObject) -> Resource
    ) {
        self.client = client
        self.type = type
        self.namespace = namespace
        self.options = options
        self.configuration = configuration
        self.logger = logger
        self.transform = transform
        self.deliver = deliver
    }

    public func makeAsyncIterator() -> AsyncStream<Element>.Iterator {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self)
        let task = Task { [self] in
            await run(continuation)
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream.makeAsyncIterator()
    }

    private func run(_ continuation: AsyncStream<Element>.Continuation) async {
        var resourceVersion: String?
        var failures = 0
        while !Task.isCancelled {
            do {
                if resourceVersion == nil {
                    // Page by page, each page converted before the next is read.
                    var page = try await client.listPage(type, namespace: namespace, options: options, continue: nil)
                    var items = page.items.map(resource)
                    while let token = page.continueToken {
                        page = try await client.listPage(type, namespace: namespace, options: options, continue: token)
                        items += page.items.map(resource)
                    }
                    continuation.yield(.listed(items))
                    resourceVersion = page.resourceVersion
                    logger.debug("listed", metadata: ["resource": "\(type)", "count": "\(items.count)", "resourceVersion": "\(page.resourceVersion)"])
                }
                let outcome = try await watchOnce(from: resourceVersion, continuation) { resourceVersion = $0 }
                switch outcome {
                case .expired:
                    logger.info("watch history expired (410); listing again", metadata: ["resource": "\(type)"])
                    resourceVersion = nil
                    failures = 0
                case .ended(let delivered):
                    if delivered {
                        failures = 0
                    } else {
                        // A stream that closes at once, again and again, must not spin.
                        try await Task.sleep(for: configuration.backoff.delay(attempt: failures))
                        failures += 1
                    }
                }
            } catch KubernetesError.gone {
                logger.info("watch resourceVersion too old (410); listing again", metadata: ["resource": "\(type)"])
                resourceVersion = nil
            } catch {
                if Task.isCancelled { return }
                var delay = configuration.backoff.delay(attempt: failures)
                if case KubernetesError.tooManyRequests(_, let retryAfter?) = error { delay = Swift.max(delay, retryAfter) }
                failures += 1
                logger.warning("watch failed; retrying", metadata: ["resource": "\(type)", "error": "\(error)", "delay": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// The delivered form of a received object, after the transform.
    private func resource(_ object: KubernetesObject) -> Resource {
        guard let transform else { return deliver(object) }
        var object = object
        transform(&object)
        return deliver(object)
    }

    private enum Outcome {
        case expired
        case ended(delivered: Bool)
    }

    private func watchOnce(
        from resourceVersion: String?, _ continuation: AsyncStream<Element>.Continuation, advance: (String) -> Void
    ) async throws -> Outcome {
        let stream = try await client.openWatch(
            type, namespace: namespace, options: options, resourceVersion: resourceVersion, timeoutSeconds: configuration.timeoutSeconds,
            idleTimeout: configuration.idleTimeout
        )
        var delivered = false
        do {
            for try await line in stream {
                if let outcome = try handle(line, stream: stream, continuation, advance: advance, delivered: &delivered) { return outcome }
            }
        } catch let error as HTTPClientError where error != .cancelled && error != .shutdown {
            // The server or the network broke the stream: resume from the last resourceVersion.
            logger.info("watch stream ended early; resuming", metadata: ["resource": "\(type)", "error": "\(error)"])
            if !delivered { throw KubernetesError.transport(error) }
        }
        return .ended(delivered: delivered)
    }

    /// Applies one line; an outcome ends the stream.
    private func handle(
        _ line: Data, stream: WatchStream, _ continuation: AsyncStream<Element>.Continuation, advance: (String) -> Void,
        delivered: inout Bool
    ) throws -> Outcome? {
        let decoded: WatchLine?
        do {
            decoded = try WatchLine.decode(line)
        } catch {
            logger.warning("skipping a malformed watch line", metadata: ["resource": "\(type)", "bytes": "\(line.count)", "reason": "\(error)"])
            return nil
        }
        guard let decoded else { return nil }
        if let version = decoded.resourceVersion { advance(version) }
        switch decoded {
        case .added(let item):
            continuation.yield(.added(resource(item)))
            delivered = true
        case .modified(let item):
            continuation.yield(.modified(resource(item)))
            delivered = true
        case .deleted(let item):
            continuation.yield(.deleted(resource(item)))
            delivered = true
        case .bookmark:
            delivered = true
        case .error(let code, let status):
            stream.close()
            if code == 410 { return .expired }
            throw KubernetesError.from(status: code ?? 500, body: status, retryAfter: nil)
        case .unknown(let kind):
            logger.warning("skipping a watch event of unknown type", metadata: ["resource": "\(type)", "type": "\(kind)"])
        }
        return nil
    }
}

extension ResourceWatch where Resource: KubernetesObjectConvertible {
    /// List-then-watch of `type` through `client`, limited to `namespace` (nil: all) and the selectors in `options`;
    /// `transform` trims each object before it is delivered; `logger` gets relists, retries and skipped lines.
    public init(
        client: any ListWatchCalls, type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions(),
        configuration: Configuration = .init(), logger: Logger = Logger(label: "runbeam.kubernetes"),
        transform: (@Sendable (inout KubernetesObject) -> Void)? = nil
    ) {
        self.init(
            client: client, type: type, namespace: namespace, options: options, configuration: configuration, logger: logger,
            transform: transform, deliver: Resource.init(object:))
    }
}
