import JSON

/// Normalized step results, the scenario projections (`ignore`, `ignore_headers`, `extract`, `compare: status`)
/// and the comparison with the recording, as the reference replayer defines them.
enum ConformanceComparison {
    /// One difference; `soft` for message, note and warning text.
    struct Difference: CustomStringConvertible {
        var path: String
        var expected: JSONValue?
        var actual: JSONValue?
        var soft: Bool
        var description: String { "\(path): \(Self.short(expected)) -> \(Self.short(actual))" }

        static func short(_ value: JSONValue?) -> String {
            guard let value else { return "<absent>" }
            let text = value.stringValue ?? value.jsonString
            return text.count <= 100 ? text : text.prefix(97) + "..."
        }
    }

    /// The normalized result of every recorded step, by id, with the scenario's projections applied.
    static func normalize(_ record: ConformanceRunner.Record, _ scenario: ConformanceScenario) -> [String: JSONValue] {
        let normalizer = ConformanceNormalizer(record, generateNamePrefixes: scenario.generateNamePrefixes)
        let specs = Dictionary(scenario.steps.compactMap { step in step["id"]?.stringValue.map { ($0, step) } }) { a, _ in a }
        var templates: [String: String] = [:]
        for (key, value) in scenario.vars { if let text = value.stringValue { templates[key] = text } }
        var out: [String: JSONValue] = [:]
        for step in record.steps {
            var result = normalizedResult(step, normalizer)
            project(&result, spec: specs[step.id] ?? [:], compare: step.compare, templates: templates)
            out[step.id] = result
        }
        return out
    }

    static func normalizedResult(_ step: ConformanceRunner.Step, _ normalizer: ConformanceNormalizer) -> JSONValue {
        if step.kind == "wait" { return step.result }
        let raw = step.result
        var result: [String: JSONValue] = ["status": raw["status"] ?? .null]
        result["content-type"] = raw[path: ["headers", "content-type"]] ?? .null
        result["warning"] = .array((raw[path: ["headers", "warning"]]?.arrayValue ?? []).map { .string(normalizer.message($0.stringValue ?? "")) })
        if step.kind == "watch" {
            result["transfer-encoding"] = raw[path: ["headers", "transfer-encoding"]] ?? .null
            let (events, periodic) = watchEvents(raw["events"]?.arrayValue ?? [], normalizer, keepPeriodic: step.options["keep_periodic_bookmarks"]?.boolValue ?? false)
            result["events"] = .array(events)
            result["periodic_bookmarks"] = periodic
            if let body = raw["open_body"], !body.isNull { result["body"] = normalizer.value(body) }
            if step.options["compare_closed"]?.boolValue == true { result["closed_by_server"] = raw["closed_by_server"] ?? .null }
        } else {
            result["body"] = normalizer.table(normalizer.value(raw["body"] ?? .null))
        }
        return .object(result)
    }

    static func watchEvents(_ events: [JSONValue], _ normalizer: ConformanceNormalizer, keepPeriodic: Bool) -> ([JSONValue], JSONValue) {
        var out: [JSONValue] = []
        var periodic: [JSONValue] = []
        for event in events {
            guard event.objectValue != nil else { out.append(event); continue }
            if event["type"]?.stringValue == "BOOKMARK" {
                let object = event["object"] ?? [:]
                var normalized = normalizer.value(object)
                if let rv = object[path: ["metadata", "resourceVersion"]]?.stringValue {
                    normalized[path: ["metadata", "resourceVersion"]] = .string(rv.isEmpty ? rv : normalizer.relativeRV(rv))
                }
                let bookmark: JSONValue = ["type": "BOOKMARK", "object": normalized]
                if ConformanceWatch.isPeriodicBookmark(event), !keepPeriodic { periodic.append(bookmark) } else { out.append(bookmark) }
                continue
            }
            out.append(["type": event["type"] ?? .null, "object": normalizer.table(normalizer.value(event["object"] ?? .null))])
        }
        guard var first = periodic.first else { return (out, .null) }
        first[path: ["object", "metadata", "resourceVersion"]] = nil
        return (out, ["count": "1+", "shape": first, "lastResourceVersion": periodic.last?[path: ["object", "metadata", "resourceVersion"]] ?? .null])
    }

    static func project(_ result: inout JSONValue, spec: JSONValue, compare: String, templates: [String: String]) {
        for path in spec["ignore"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if path.hasPrefix("body.") || path.hasPrefix("events.") || path.hasPrefix("periodic_bookmarks") {
                drop(&result, path.split(separator: ".").map(String.init))
            } else if result["events"] != nil {
                drop(&result, ["events", "*", "object"] + path.split(separator: ".").map(String.init))
            } else {
                drop(&result, ["body"] + path.split(separator: ".").map(String.init))
            }
        }
        for header in spec["ignore_headers"]?.arrayValue?.compactMap(\.stringValue) ?? [] { result[header] = nil }
        if let extract = spec["extract"]?.objectValue {
            var extracted: [String: JSONValue] = [:]
            for (key, expression) in extract {
                let query = try? ConformanceQuery(ConformancePlaceholders.substitute(expression.stringValue ?? "", templates))
                extracted[key] = query?.evaluate(result) ?? .null
            }
            result["extracted"] = .object(extracted)
            result["body"] = nil
            result["events"] = nil
        }
        if compare == "status" { result = ["status": result["status"] ?? .null] }
    }

    /// Removes a dotted path; `*` matches every element or key.
    static func drop(_ node: inout JSONValue, _ parts: [String]) {
        guard let part = parts.first else { return }
        let rest = Array(parts.dropFirst())
        switch node {
        case .object(var members):
            if rest.isEmpty {
                if part == "*" { members.removeAll() } else { members[part] = nil }
            } else if part == "*" {
                for key in members.keys { drop(&members[key]!, rest) }
            } else if members[part] != nil {
                drop(&members[part]!, rest)
            }
            node = .object(members)
        case .array(var items):
            if rest.isEmpty {
                if part == "*" { items.removeAll() }
            } else if part == "*" {
                for index in items.indices { drop(&items[index], rest) }
            } else if let index = Int(part), items.indices.contains(index) {
                drop(&items[index], rest)
            }
            node = .array(items)
        default: break
        }
    }

    static let softKeys: Set<String> = ["message", "note"]

    /// The differences between a recorded and a replayed result.
    static func diff(_ expected: JSONValue, _ actual: JSONValue, path: String = "", into out: inout [Difference]) {
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            for key in e.keys.sorted() {
                let sub = path.isEmpty ? key : "\(path).\(key)"
                if let value = a[key] { diff(e[key]!, value, path: sub, into: &out) } else { out.append(.init(path: sub, expected: e[key], actual: nil, soft: softKeys.contains(key))) }
            }
            for key in a.keys.sorted() where e[key] == nil {
                out.append(.init(path: path.isEmpty ? key : "\(path).\(key)", expected: nil, actual: a[key], soft: softKeys.contains(key)))
            }
        case (.array(let e), .array(let a)):
            if path.hasSuffix("warning") {
                if e.count != a.count { out.append(.init(path: path, expected: expected, actual: actual, soft: false)) } else if e != a { out.append(.init(path: path, expected: expected, actual: actual, soft: true)) }
                return
            }
            if e.count != a.count { out.append(.init(path: path + ".length", expected: .int(e.count), actual: .int(a.count), soft: false)) }
            for index in 0..<min(e.count, a.count) { diff(e[index], a[index], path: "\(path)[\(index)]", into: &out) }
        default:
            if !ConformanceJSON.equal(expected, actual) {
                let last = path.split(separator: ".").last.map(String.init) ?? path
                out.append(.init(path: path, expected: expected, actual: actual, soft: softKeys.contains(last)))
            }
        }
    }
}
