import FoundationEssentials
import JSON

/// Warnings the real server adds to successful writes: a deprecated custom resource version
/// (`deprecationWarning`, or "G/V Kind is deprecated"), and a TLS Secret whose certificate holds no PEM data.
enum KubernetesAdmissionWarnings {
    static func warnings(_ body: JSONValue, type: KubernetesResourceType, version: String) -> [String] {
        var warnings: [String] = []
        if let text = type.deprecationWarnings[version] { warnings.append(quoted(text)) }
        if type.group.isEmpty, type.kind == "Secret", body["type"]?.stringValue == "kubernetes.io/tls",
           let certificate = body[path: ["data", "tls.crt"]]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
           !String(decoding: certificate, as: UTF8.self).contains("-----BEGIN") {
            warnings.append(quoted("tls: failed to find any PEM data in certificate input"))
        }
        return warnings
    }

    /// A `Warning` header value: code 299, no agent, the text quoted.
    static func quoted(_ text: String) -> String {
        "299 - " + JSONValue.string(text).jsonString
    }
}
