import JSON
import FoundationEssentials
import Basics

/// A parsed `fieldSelector` (`metadata.name=x,metadata.namespace!=y`); any dotted field path of the
/// object is accepted, compared as a string.
public struct KubernetesFieldSelector: Sendable, Hashable {
    struct Requirement: Sendable, Hashable {
        var path: [String]
        var value: String
        var negated: Bool
    }

    var requirements: [Requirement]

    init(requirements: [Requirement]) { self.requirements = requirements }

    /// Parses the query form; a clause without `=` is a 400 BadRequest.
    public init(parsing text: String) throws(KubernetesStatusError) {
        var requirements: [Requirement] = []
        for clause in text.split(separator: ",") {
            let item = clause.trimmingWhitespace()
            if let range = item.firstRange(of: "!=") {
                requirements.append(.init(path: Self.path(item[..<range.lowerBound]), value: String(item[range.upperBound...]), negated: true))
            } else if let range = item.firstRange(of: "==") ?? item.firstRange(of: "=") {
                requirements.append(.init(path: Self.path(item[..<range.lowerBound]), value: String(item[range.upperBound...]), negated: false))
            } else {
                throw .badRequest("invalid selector: '\(item)'; can't understand '\(item)'")
            }
        }
        self.requirements = requirements
    }

    /// The namespace this selector pins (`metadata.namespace=x`), if any.
    var pinnedNamespace: String? {
        requirements.first { $0.path == ["metadata", "namespace"] && !$0.negated }?.value
    }

    /// Whether `object` satisfies every requirement.
    public func matches(object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let actual: String
            switch object[path: requirement.path] {
            case .string(let text): actual = text
            case .int(let number): actual = String(number)
            case .bool(let flag): actual = String(flag)
            case .none, .null: actual = ""
            case .some(let other): actual = other.jsonString
            }
            return (actual == requirement.value) != requirement.negated
        }
    }

    private static func path(_ text: Substring) -> [String] {
        text.trimmingWhitespace().split(separator: ".").map(String.init)
    }
}
