import Foundation
import JSON

/// Turns one run's raw answers into the form the corpus stores: uids become `<uid:N>` in order of first
/// appearance, object resourceVersions `<rv:N>` in numeric order, list and bookmark resourceVersions
/// `<rv:>=N>` (the newest object version at or below them), times `<timestamp>`, the namespace `{ns}`,
/// generated name suffixes `<suffix>`, tokens `<token>`, and the causes of a Status sorted.
struct ConformanceNormalizer {
    let namespace: String
    let generateNamePrefixes: [String]
    private(set) var uidSymbols: [String: String] = [:]
    private var uidOrder: [String] = []
    private var generatedNames: [String: String] = [:]
    private var rvSymbols: [String: String] = [:]
    private var sortedRVs: [String] = []
    private var numericRVs = true

    /// Keys visited first, in the order a real server writes them, so uids are numbered as it would be.
    static let keyOrder = ["kind", "apiVersion", "metadata", "name", "generateName", "namespace", "uid", "resourceVersion", "generation",
                           "creationTimestamp", "deletionTimestamp", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
                           "items", "spec", "status", "details"]

    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        let first = keyOrder.filter { members[$0] != nil }
        return first + members.keys.filter { !keyOrder.contains($0) }.sorted()
    }

    static func isListLike(_ value: [String: JSONValue]) -> Bool {
        let kind = value["kind"]?.stringValue ?? ""
        return (kind.hasSuffix("List") || kind == "Table") && value["metadata"] != nil && (value["items"] != nil || value["rows"] != nil)
    }

    init(_ record: ConformanceRunner.Record, generateNamePrefixes: [String]) {
        namespace = record.namespace
        self.generateNamePrefixes = generateNamePrefixes
        var rvs = Set<String>()
        for step in record.steps {
            collect(step.result["body"], &rvs)
            for event in step.result["events"]?.arrayValue ?? [] where event["type"]?.stringValue != "BOOKMARK" {
                collect(event["object"], &rvs)
            }
        }
        sortedRVs = rvs.sorted { a, b in
            switch (Int(a), Int(b)) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a < b
            }
        }
        numericRVs = sortedRVs.allSatisfy { Int($0) != nil }
        for (offset, rv) in sortedRVs.enumerated() { rvSymbols[rv] = "<rv:\(offset + 1)>" }
    }

    private mutating func collect(_ value: JSONValue?, _ rvs: inout Set<String>, listMetadata: Bool = false) {
        switch value {
        case .object(let members)?:
            let listy = Self.isListLike(members)
            for key in Self.orderedKeys(members) {
                let member = members[key]!
                if key == "resourceVersion", let text = member.stringValue, !text.isEmpty, !listMetadata {
                    rvs.insert(text)
                } else if key == "uid", let text = member.stringValue, !text.isEmpty {
                    if uidSymbols[text] == nil {
                        uidOrder.append(text)
                        uidSymbols[text] = "<uid:\(uidOrder.count)>"
                    }
                } else if key == "metadata", let metadata = member.objectValue {
                    if let prefix = metadata["generateName"]?.stringValue, !prefix.isEmpty, let name = metadata["name"]?.stringValue,
                       name.hasPrefix(prefix), name != prefix {
                        generatedNames[name] = prefix + "<suffix>"
                    }
                    collect(member, &rvs, listMetadata: listy)
                } else {
                    collect(member, &rvs)
                }
            }
        case .array(let items)?:
            for item in items { collect(item, &rvs) }
        default: break
        }
    }

    /// A list or bookmark resourceVersion: the newest object version at or below it.
    func relativeRV(_ value: String) -> String {
        guard numericRVs, let number = Int(value) else { return rvSymbols[value] ?? "<rv:other>" }
        let best = sortedRVs.lastIndex { Int($0)! <= number }.map { $0 + 1 } ?? 0
        return best > 0 ? "<rv:>=\(best)>" : "<rv:<1>"
    }

    static let timestamp = try! NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#)
    static let jwt = try! NSRegularExpression(pattern: #"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"#)
    static let uuid = try! NSRegularExpression(pattern: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#)
    static let longNumber = try! NSRegularExpression(pattern: #"(?<![0-9a-z<:])[0-9]{4,}(?![0-9])"#)

    static func replace(_ pattern: NSRegularExpression, in text: String, with template: String) -> String {
        pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    func text(_ text: String) -> String {
        if Self.timestamp.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
            return text.prefix(4) <= "2020" ? text : "<timestamp>"
        }
        var out = Self.replace(Self.jwt, in: text, with: "<jwt>")
        for (name, replacement) in generatedNames.sorted(by: { $0.key.count > $1.key.count }) { out = out.replacingOccurrences(of: name, with: replacement) }
        for prefix in generateNamePrefixes {
            let pattern = try! NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: prefix) + "[a-z0-9]{5}(?![a-z0-9])")
            out = Self.replace(pattern, in: out, with: NSRegularExpression.escapedTemplate(for: prefix) + "<suffix>")
        }
        if !namespace.isEmpty { out = out.replacingOccurrences(of: namespace, with: "{ns}") }
        for uid in uidOrder where out.contains(uid) { out = out.replacingOccurrences(of: uid, with: uidSymbols[uid]!) }
        return out
    }

    func message(_ message: String) -> String {
        var out = text(message)
        for rv in sortedRVs.sorted(by: { $0.count > $1.count }) where Int(rv) != nil {
            let pattern = try! NSRegularExpression(pattern: "(?<![0-9])" + rv + "(?![0-9])")
            out = Self.replace(pattern, in: out, with: rvSymbols[rv]!)
        }
        out = Self.replace(Self.uuid, in: out, with: "<uid>")
        return Self.replace(Self.longNumber, in: out, with: "<n>")
    }

    func value(_ value: JSONValue, key: String? = nil, listMetadata: Bool = false) -> JSONValue {
        switch value {
        case .object(let members):
            let listy = Self.isListLike(members)
            var out: [String: JSONValue] = [:]
            for (name, member) in members where name != "selfLink" {
                if name == "resourceVersion", listMetadata, let text = member.stringValue, !text.isEmpty {
                    out[name] = .string(relativeRV(text))
                } else if name == "metadata", member.objectValue != nil {
                    out[name] = self.value(member, key: name, listMetadata: listy)
                } else {
                    let normalizedName = name.contains(namespace) || name.contains(#""uid""#) ? text(name) : name
                    out[normalizedName] = self.value(member, key: name)
                }
            }
            if listy, out["metadata"]?["continue"]?.stringValue?.isEmpty == false {
                out["metadata"]?["continue"] = "<continue>"
            }
            if out["kind"]?.stringValue == "Status" { Self.sortCauses(&out) }
            return .object(out)
        case .array(let items):
            return .array(items.map { self.value($0, key: key) })
        case .string(let string):
            switch key {
            case "resourceVersion" where !string.isEmpty: return .string(rvSymbols[string] ?? relativeRV(string))
            case "uid" where uidSymbols[string] != nil: return .string(uidSymbols[string]!)
            case "message", "note": return .string(message(string))
            case "token" where !string.isEmpty: return "<token>"
            case "clusterIP" where string.split(separator: ".").count == 4 && string.allSatisfy({ $0.isNumber || $0 == "." }): return "<ip>"
            case "clusterIPs": return "<ip>"
            default: return .string(text(string))
            }
        default:
            return value
        }
    }

    /// Sorts `details.causes` by (field, reason, message) and rebuilds the `[a, b]` part of the message.
    static func sortCauses(_ status: inout [String: JSONValue]) {
        guard var details = status["details"]?.objectValue, let causes = details["causes"]?.arrayValue, causes.count >= 2 else { return }
        func part(_ cause: JSONValue, _ key: String) -> String { cause[key]?.stringValue ?? "" }
        let sorted = causes.sorted { (part($0, "field"), part($0, "reason"), part($0, "message")) < (part($1, "field"), part($1, "reason"), part($1, "message")) }
        if let message = status["message"]?.stringValue {
            let joined = causes.map { "\(part($0, "field")): \(part($0, "message"))" }.joined(separator: ", ")
            let ordered = sorted.map { "\(part($0, "field")): \(part($0, "message"))" }.joined(separator: ", ")
            status["message"] = .string(message.replacingOccurrences(of: "[" + joined + "]", with: "[" + ordered + "]"))
        }
        details["causes"] = .array(sorted)
        status["details"] = .object(details)
    }

    /// Date cells of a Table under two minutes old are timing noise: `<seconds>`.
    func table(_ body: JSONValue) -> JSONValue {
        guard var members = body.objectValue, members["kind"]?.stringValue == "Table" else { return body }
        let columns = members["columnDefinitions"]?.arrayValue ?? []
        let dateColumns = columns.indices.filter { columns[$0]["type"]?.stringValue == "date" || columns[$0]["name"]?.stringValue == "Age" }
        members["rows"] = members["rows"].map { rows in
            .array((rows.arrayValue ?? []).map { row in
                guard var cells = row["cells"]?.arrayValue else { return row }
                for index in dateColumns where index < cells.count {
                    if let text = cells[index].stringValue, Self.isSmallAge(text) { cells[index] = "<seconds>" }
                }
                var updated = row
                updated["cells"] = .array(cells)
                return updated
            })
        }
        return .object(members)
    }

    static func isSmallAge(_ text: String) -> Bool {
        guard text.hasSuffix("s"), let seconds = Int(text.dropLast()), text.dropLast().allSatisfy(\.isNumber) else { return false }
        return seconds < 120 && !(text.count > 2 && text.hasPrefix("0"))
    }
}
