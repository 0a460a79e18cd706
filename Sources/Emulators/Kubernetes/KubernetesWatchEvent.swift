import JSON

/// One change in the event history: the object after it (before it, for deletions) and before it.
struct KubernetesWatchEvent: Sendable {
    var resourceVersion: Int
    var typeKey: String
    var type: String
    var object: JSONValue
    var previous: JSONValue?
}
