import Basics
import FoundationEssentials
import JSON
import Logging

/// Records events.k8s.io/v1 Events; a repeat of the same event (same object, type, reason, action
/// and note) patches the first one's `series` (count, lastObservedTime) instead of creating another.
/// Failures are logged, never thrown: events are best effort.
public actor EventRecorder {
    private struct Fingerprint: Hashable {
        var uid: String
        var kind: String
        var namespace: String
        var name: String
        var type: Event.EventType
        var reason: String
        var action: String
        var note: String
    }

    private struct Recorded {
        var name: String
        var namespace: String
        var count: Int
    }

    private let client: KubernetesClient
    private let controller: String
    private let instance: String
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var recorded: [Fingerprint: Recorded] = [:]
    private let maxRemembered: Int

    /// `controller` is the reporting controller (`runbeam.io/operator`), `instance` this replica's name.
    public init(
        client: KubernetesClient, controller: String, instance: String, maxRemembered: Int = 4096,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "runbeam.events")
    ) {
        self.client = client
        self.controller = controller
        self.instance = instance
        self.maxRemembered = maxRemembered
        self.now = now
        self.logger = logger
    }

    /// Records an event about `regarding`. `note` must never contain a credential.
    @discardableResult
    public func record(regarding: ObjectReference, type: Event.EventType, reason: String, action: String, note: String) async -> Event? {
        let namespace = regarding.namespace ?? client.configuration.namespace
        let fingerprint = Fingerprint(
            uid: regarding.uid ?? "", kind: regarding.kind ?? "", namespace: namespace, name: regarding.name ?? "",
            type: type, reason: reason, action: action, note: note
        )
        let stamp = now()
        if let previous = recorded[fingerprint] {
            let count = previous.count + 1
            let series: JSONValue = ["series": ["count": .int(count), "lastObservedTime": .string(RFC3339.microseconds(stamp))]]
            do {
                let event = try await client.patch(Event.self, namespace: previous.namespace, name: previous.name, .merge(series))
                recorded[fingerprint]?.count = count
                logger.debug("event repeated", metadata: ["reason": "\(reason)", "object": "\(namespace)/\(regarding.name ?? "")", "count": "\(count)"])
                return event
            } catch KubernetesError.notFound {
                recorded[fingerprint] = nil
            } catch {
                logger.warning("could not update an event", metadata: ["reason": "\(reason)", "error": "\(error)"])
                return nil
            }
        }
        var event = Event(name: "\(regarding.name ?? "object").\(Self.suffix())", namespace: namespace)
        event.regarding = regarding
        event.type = type
        event.reason = reason
        event.action = action
        event.note = String(note.prefix(1024))
        event.reportingController = controller
        event.reportingInstance = instance
        event.eventTime = stamp
        do {
            let created = try await client.create(event)
            if recorded.count >= maxRemembered { recorded.removeAll(keepingCapacity: true) }
            recorded[fingerprint] = Recorded(name: created.metadata.name ?? "", namespace: namespace, count: 1)
            logger.debug("event recorded", metadata: ["reason": "\(reason)", "object": "\(namespace)/\(regarding.name ?? "")"])
            return created
        } catch {
            logger.warning("could not record an event", metadata: ["reason": "\(reason)", "error": "\(error)"])
            return nil
        }
    }

    private static func suffix() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}
