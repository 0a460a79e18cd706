import FoundationEssentials
import JSON

/// One line of a watch stream (`{"type":…,"object":…}`), decoded without any I/O.
public enum WatchLine: Sendable, Hashable {
    case added(KubernetesObject)
    case modified(KubernetesObject)
    case deleted(KubernetesObject)
    /// A progress marker: nothing changed up to `resourceVersion`.
    case bookmark(resourceVersion: String?)
    /// The server ended the stream with a Status object (`code` 410 means the history is gone).
    case error(code: Int?, status: JSONValue)
    /// A well-formed line of a type this client does not know.
    case unknown(type: String)

    /// Why a line is not a watch event.
    public enum DecodingError: Error, Hashable, CustomStringConvertible {
        case notJSON
        case missingType
        case missingObject

        public var description: String {
            switch self {
            case .notJSON: "the watch line is not a JSON object"
            case .missingType: "the watch line has no string \"type\""
            case .missingObject: "the watch line has no \"object\""
            }
        }
    }

    /// Decodes one line without its line end; nil for an empty line.
    public static func decode(_ line: Data) throws(DecodingError) -> WatchLine? {
        if line.isEmpty { return nil }
        guard let event = try? JSONValue(parsing: line), case .object = event else { throw .notJSON }
        guard let kind = event["type"]?.stringValue else { throw .missingType }
        guard let object = event["object"] else { throw .missingObject }
        switch kind {
        case "ADDED": return .added(KubernetesObject(object))
        case "MODIFIED": return .modified(KubernetesObject(object))
        case "DELETED": return .deleted(KubernetesObject(object))
        case "BOOKMARK": return .bookmark(resourceVersion: KubernetesObject(object).metadata.resourceVersion)
        case "ERROR": return .error(code: object["code"]?.intValue, status: object)
        default: return .unknown(type: kind)
        }
    }

    /// The resourceVersion this line advances the watch to, if any.
    public var resourceVersion: String? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): object.metadata.resourceVersion
        case .bookmark(let version): version
        case .error, .unknown: nil
        }
    }
}
