import Basics
import FoundationEssentials
import JSON

/// Extracts a short, safe message from an error body: the JSON `message`, or plain text.
///
/// The result is one line of at most 200 characters, with the credential, its secret part and
/// anything shaped like a machine token or a JWT replaced by `[redacted]`.
package struct ServerMessage {
    package var credential: RunbeamCredential

    package init(credential: RunbeamCredential) {
        self.credential = credential
    }

    package static let limit = 200

    package func message(from body: Data) -> String {
        let raw: String
        if let object = (try? JSONValue(parsing: Array(body)))?.objectValue {
            raw = object["message"]?.stringValue ?? ""
        } else if let text = String(data: body.prefix(4096), encoding: .utf8), !text.contains("<") {
            raw = text
        } else {
            raw = ""
        }
        return scrub(raw)
    }

    /// Field → messages from a Laravel validation body (`{"errors": {"field": ["…"]}}`), scrubbed.
    package func fieldErrors(from body: Data) -> [String: [String]] {
        guard let errors = (try? JSONValue(parsing: Array(body)))?["errors"]?.objectValue else { return [:] }
        var result: [String: [String]] = [:]
        for (field, value) in errors.sorted(by: { $0.key < $1.key }).prefix(20) {
            let messages = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
            result[scrub(field)] = messages.prefix(5).map(scrub)
        }
        return result
    }

    package func scrub(_ text: String) -> String {
        var result = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        for fragment in credential.sensitiveFragments {
            result = result.replacing(fragment, with: "[redacted]")
        }
        for pattern in [#"mt_[A-Za-z0-9]{6,}"#, #"eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*"#, #"\b[0-9]+\|[A-Za-z0-9]{6,}"#] {
            guard let regex = RegexCache.regex(pattern) else { continue }
            result = result.replacing(regex, with: "[redacted]")
        }
        result = result.trimmingWhitespace()
        if result.count > Self.limit { result = String(result.prefix(Self.limit)) + "…" }
        return result
    }
}
