import HTTPServer
import JSON
import NIOHTTP1
import Basics

/// The representation an `Accept` header asks for, the first supported media type winning: JSON, YAML, a
/// meta.k8s.io Table, or PartialObjectMetadata(List).
enum KubernetesRepresentation: Equatable {
    case json, yaml, table, partialMetadata

    init(accept: String?) {
        self = .json
        for mediaType in (accept ?? "").split(separator: ",") {
            let parameters = mediaType.split(separator: ";").map { $0.trimmingWhitespace() }
            let base = parameters.first ?? ""
            if base == "application/json", let target = parameters.first(where: { $0.hasPrefix("as=") }) {
                switch target {
                case "as=Table": self = .table; return
                case "as=PartialObjectMetadata", "as=PartialObjectMetadataList": self = .partialMetadata; return
                default: continue
                }
            }
            switch base {
            case "application/json", "*/*", "application/*": self = .json; return
            case "application/yaml": self = .yaml; return
            default: continue
            }
        }
    }

    /// One object as PartialObjectMetadata (its metadata only).
    static func partialMetadata(_ object: JSONValue) -> JSONValue {
        ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": object["metadata"] ?? .emptyObject]
    }

    /// A list as PartialObjectMetadataList.
    static func partialMetadataList(_ objects: [JSONValue], metadata: JSONValue) -> JSONValue {
        ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadataList", "metadata": metadata, "items": .array(objects.map(partialMetadata))]
    }

    /// `value` as `application/yaml`.
    static func yamlResponse(_ value: JSONValue, status: HTTPResponseStatus = .ok) -> ServerResponse {
        .full(status: status, headers: ["Content-Type": "application/yaml"], body: Array(KubernetesYAMLWriter.yaml(value).utf8))
    }
}
