import JSON
import FoundationEssentials
import Basics

/// A parsed `labelSelector` (`a=b,c!=d,e in (x,y),f notin (z),g,!h`).
public struct KubernetesLabelSelector: Sendable, Hashable {
    enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    var requirements: [Requirement]

    /// The selector that matches everything.
    public static let everything = KubernetesLabelSelector(requirements: [])

    init(requirements: [Requirement]) { self.requirements = requirements }

    /// Parses the query form; a malformed selector is a 400 BadRequest.
    public init(parsing text: String) throws(KubernetesStatusError) {
        var requirements: [Requirement] = []
        for clause in Self.splitClauses(text) {
            let item = clause.trimmingWhitespace()
            if item.isEmpty { continue }
            if let range = item.firstRange(of: " notin ") ?? item.firstRange(of: " in ") {
                let key = item[..<range.lowerBound].trimmingWhitespace()
                let isIn = item[range].trimmingWhitespace() == "in"
                var values = item[range.upperBound...].trimmingWhitespace()
                guard values.hasPrefix("("), values.hasSuffix(")") else {
                    throw .badRequest("unable to parse requirement: found '\(values)', expected: '('")
                }
                values = String(values.dropFirst().dropLast())
                let set = Set(values.split(separator: ",").map { $0.trimmingWhitespace() })
                requirements.append(isIn ? .isIn(key, set) : .notIn(key, set))
            } else if let range = item.firstRange(of: "!=") {
                requirements.append(.notEquals(Self.trim(item[..<range.lowerBound]), Self.trim(item[range.upperBound...])))
            } else if let range = item.firstRange(of: "==") ?? item.firstRange(of: "=") {
                requirements.append(.equals(Self.trim(item[..<range.lowerBound]), Self.trim(item[range.upperBound...])))
            } else if item.hasPrefix("!") {
                requirements.append(.doesNotExist(Self.trim(item.dropFirst())))
            } else {
                guard !item.contains(" ") else { throw .badRequest("unable to parse requirement: '\(item)'") }
                requirements.append(.exists(item))
            }
        }
        self.requirements = requirements
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return !(labels[key].map(values.contains) ?? false)
            case .exists(let key): return labels[key] != nil
            case .doesNotExist(let key): return labels[key] == nil
            }
        }
    }

    /// Whether the labels of `object` satisfy the selector.
    public func matches(object: JSONValue) -> Bool {
        if requirements.isEmpty { return true }
        var labels: [String: String] = [:]
        for (key, value) in object[path: ["metadata", "labels"]]?.objectValue ?? [:] { labels[key] = value.stringValue ?? "" }
        return matches(labels)
    }

    private static func trim(_ text: Substring) -> String { text.trimmingWhitespace() }

    /// Splits on commas that are not inside parentheses.
    private static func splitClauses(_ text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                clauses.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        clauses.append(current)
        return clauses
    }
}
