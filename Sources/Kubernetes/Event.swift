import Basics
import FoundationEssentials
import JSON

/// An events.k8s.io/v1 Event.
public struct Event: KubernetesResource, Hashable {
    public static let resourceType = ResourceType.event
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }

    /// `Normal` or `Warning`.
    public enum EventType: String, Sendable, Hashable {
        case normal = "Normal"
        case warning = "Warning"
    }

    public var regarding: ObjectReference? {
        get { object["regarding"].map(ObjectReference.init(json:)) }
        set { object["regarding"] = newValue?.json }
    }

    public var reason: String? {
        get { object["reason"]?.stringValue }
        set { object["reason"] = newValue.map(JSONValue.string) }
    }

    public var note: String? {
        get { object["note"]?.stringValue }
        set { object["note"] = newValue.map(JSONValue.string) }
    }

    public var type: EventType? {
        get { object["type"]?.stringValue.flatMap(EventType.init(rawValue:)) }
        set { object["type"] = newValue.map { .string($0.rawValue) } }
    }

    public var action: String? {
        get { object["action"]?.stringValue }
        set { object["action"] = newValue.map(JSONValue.string) }
    }

    public var reportingController: String? {
        get { object["reportingController"]?.stringValue }
        set { object["reportingController"] = newValue.map(JSONValue.string) }
    }

    public var reportingInstance: String? {
        get { object["reportingInstance"]?.stringValue }
        set { object["reportingInstance"] = newValue.map(JSONValue.string) }
    }

    public var eventTime: Date? {
        get { object["eventTime"]?.stringValue.flatMap(RFC3339.parse) }
        set { object["eventTime"] = newValue.map { .string(RFC3339.microseconds($0)) } }
    }

    /// `series.count`: how many times the event happened (absent for a single occurrence).
    public var seriesCount: Int? { object["series", "count"]?.intValue }

    /// `series.lastObservedTime`.
    public var seriesLastObservedTime: Date? { object["series", "lastObservedTime"]?.stringValue.flatMap(RFC3339.parse) }
}
