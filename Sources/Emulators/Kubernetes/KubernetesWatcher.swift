import HTTPServer
import JSON

/// One open watch: what it selects and where its events go.
final class KubernetesWatcher: Sendable {
    let typeKey: String
    let namespace: String?
    let labels: KubernetesLabelSelector
    let fields: KubernetesFieldSelector?
    let writer: StreamingResponseWriter
    /// Turns (event type, object) into one line of the stream.
    let render: @Sendable (String, JSONValue) -> [UInt8]

    init(
        typeKey: String, namespace: String?, labels: KubernetesLabelSelector, fields: KubernetesFieldSelector?,
        writer: StreamingResponseWriter, render: @escaping @Sendable (String, JSONValue) -> [UInt8]
    ) {
        self.typeKey = typeKey
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
        self.writer = writer
        self.render = render
    }

    func selects(_ object: JSONValue) -> Bool {
        if let namespace, object.metadataNamespace != namespace { return false }
        return labels.matches(object: object) && (fields?.matches(object: object) ?? true)
    }

    /// Sends `event` as this watcher sees it: an object that stops matching is DELETED for it,
    /// one that starts matching is ADDED.
    func deliver(_ event: KubernetesWatchEvent) {
        guard event.typeKey == typeKey else { return }
        let now = selects(event.object)
        let before = event.previous.map(selects) ?? false
        let type: String
        switch event.type {
        case "ADDED":
            guard now else { return }
            type = "ADDED"
        case "DELETED":
            guard now else { return }
            type = "DELETED"
        default:
            if now, before { type = "MODIFIED" } else if now { type = "ADDED" } else if before { type = "DELETED" } else { return }
        }
        // An object that leaves the selection is DELETED as it last matched, as the real watch cache sends it.
        let object = type == "DELETED" && event.type != "DELETED" ? (event.previous ?? event.object) : event.object
        writer.write(render(type, object))
    }
}
