import Foundation
import JSON

/// Runs one scenario's steps against a server on `127.0.0.1:port` and records the raw answers, as the
/// reference replayer does: a fresh namespace first (unless `namespace: false`), placeholders substituted,
/// `capture`d values become variables, `wait` polls, watches are opened and collected.
struct ConformanceRunner {
    static let userAgent = "kdiff/v1.0.0 (linux/amd64) kubernetes/kdiff"
    var port: Int
    var adminToken: String

    /// One recorded step: its id, kind (`request`, `watch`, `wait`), compare mode and raw result.
    struct Step {
        var id: String
        var kind: String
        var compare: String
        var result: JSONValue
        var options: [String: JSONValue] = [:]
    }

    struct Record {
        var namespace: String
        var steps: [Step]
    }

    func run(_ scenario: ConformanceScenario, namespace: String) throws -> Record {
        var vars = ["ns": namespace]
        for (key, value) in scenario.vars {
            vars[key] = value.stringValue.map { ConformancePlaceholders.substitute($0, ["ns": namespace]) } ?? value.jsonString
        }
        if scenario.createsNamespace {
            let created = try request("POST", "/api/v1/namespaces", headers: ["Content-Type": "application/json", "Accept": "application/json"],
                                      body: Array((["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]] as JSONValue).serialized()),
                                      token: adminToken)
            guard created["status"]?.intValue == 201 else { throw ConformanceHTTPConnection.Failure(description: "namespace \(namespace): \(created.jsonString)") }
        }
        var watches: [String: ConformanceWatch] = [:]
        defer { watches.values.forEach { $0.close() } }
        var steps: [Step] = []
        for (offset, step) in scenario.steps.enumerated() {
            let id = step["id"]?.stringValue ?? "s\(offset)"
            if let recorded = try run(step, id: id, vars: &vars, watches: &watches) { steps.append(recorded) }
        }
        return Record(namespace: namespace, steps: steps)
    }

    func token(of step: JSONValue, _ vars: [String: String]) -> String? {
        guard let members = step.objectValue, let value = members["token"] else { return adminToken }
        guard let text = value.stringValue, text != "none" else { return nil }
        return ConformancePlaceholders.substitute(text, vars)
    }

    func run(_ step: JSONValue, id: String, vars: inout [String: String], watches: inout [String: ConformanceWatch]) throws -> Step? {
        let compare = step["compare"]?.stringValue ?? "full"
        if let seconds = step["sleep"]?.doubleValue {
            Thread.sleep(forTimeInterval: seconds)
            return nil
        }
        if let control = step["control"]?.stringValue {
            _ = try? request("POST", "/emulator/v1/faults/" + control, headers: ["Content-Type": "application/json"], body: Array("{}".utf8), token: adminToken)
            return nil
        }
        if let wait = step["wait"] { return try self.wait(wait, step: step, vars: &vars) }
        if step["watch"]?.stringValue == "start" {
            let (path, headers, _) = build(step, vars)
            let connection = try ConformanceHTTPConnection(port: port, method: "GET", path: path, headers: self.headers(headers, token: token(of: step, vars)), body: nil, timeout: 600)
            let watch = ConformanceWatch(connection)
            watches[id] = watch
            if watch.status == 200, let settle = step["settle"]?.doubleValue { Thread.sleep(forTimeInterval: settle) }
            return nil
        }
        if step["watch"]?.stringValue == "collect" {
            guard let of = step["of"]?.stringValue, let watch = watches[of] else { return nil }
            var options: [String: JSONValue] = [:]
            for key in ["events", "seconds", "until_closed", "keep_periodic_bookmarks", "compare_closed"] { options[key] = step[key] }
            if watch.status != 200 {
                return Step(id: id, kind: "watch", compare: compare, result: ["status": .int(watch.status), "headers": watch.headers, "events": [], "closed_by_server": true, "open_body": watch.openBody ?? .null],
                            options: options.filter { $0.key == "compare_closed" })
            }
            let (events, closed) = watch.collect(count: step["events"]?.intValue, seconds: step["seconds"]?.doubleValue ?? 5, untilClosed: step["until_closed"]?.boolValue ?? false)
            return Step(id: id, kind: "watch", compare: compare, result: ["status": .int(watch.status), "headers": watch.headers, "events": .array(events), "closed_by_server": .bool(closed)], options: options)
        }
        let method = step["method"]?.stringValue ?? "GET"
        let (path, headers, body) = build(step, vars)
        let result: JSONValue
        do {
            result = try request(method, path, headers: headers, body: body, token: token(of: step, vars), timeout: step["timeout"]?.doubleValue ?? 60)
        } catch {
            result = ["status": .null, "headers": [:], "body": ["clientError": .string("\(error)")]]
        }
        capture(step, result, &vars)
        return Step(id: id, kind: "request", compare: compare, result: result)
    }

    func wait(_ wait: JSONValue, step: JSONValue, vars: inout [String: String]) throws -> Step? {
        let path = ConformancePlaceholders.substitute(wait["path"]?.stringValue ?? "/", vars)
        let deadline = Date().addingTimeInterval(wait["timeout"]?.doubleValue ?? 30)
        let until = try wait["until"]?.stringValue.map { try ConformanceQuery(ConformancePlaceholders.substitute($0, vars)) }
        var satisfied = false
        var result: JSONValue?
        while Date() < deadline {
            let answer = try request("GET", path, headers: ["Accept": "application/json"], body: nil, token: token(of: step, vars))
            result = answer
            if let until { satisfied = ConformanceQuery.isTruthy(until.evaluate(answer)) } else { satisfied = answer["status"]?.intValue == (wait["status"]?.intValue ?? 200) }
            if satisfied { break }
            Thread.sleep(forTimeInterval: 0.25)
        }
        if let result { capture(step, result, &vars) }
        guard wait["compare"]?.boolValue == true else { return nil }
        return Step(id: step["id"]?.stringValue ?? "wait", kind: "wait", compare: step["compare"]?.stringValue ?? "full", result: ["satisfied": .bool(satisfied)])
    }

    func capture(_ step: JSONValue, _ result: JSONValue, _ vars: inout [String: String]) {
        for (name, expression) in step["capture"]?.objectValue ?? [:] {
            let value = (try? ConformanceQuery(expression.stringValue ?? ""))?.evaluate(result)
            switch value {
            case .string(let text)?: vars[name] = text
            case nil, .null?: vars[name] = "missing-\(name)"
            case let other?: vars[name] = other.jsonString
            }
        }
    }

    /// Path, headers (with `Accept: application/json` and a JSON content type by default) and body bytes of a step.
    func build(_ step: JSONValue, _ vars: [String: String]) -> (String, [String: String], [UInt8]?) {
        let path = ConformancePlaceholders.substitute(step["path"]?.stringValue ?? "/", vars)
        var headers: [String: String] = [:]
        for (name, value) in step["headers"]?.objectValue ?? [:] {
            headers[name] = ConformancePlaceholders.substitute(value.stringValue ?? value.jsonString, vars)
        }
        var body: [UInt8]?
        if let value = step.objectValue?["body"], !value.isNull {
            let substituted = ConformancePlaceholders.substitute(value, vars)
            if let text = substituted.stringValue {
                body = Array(text.utf8)
            } else {
                body = substituted.serialized()
                if headers.keys.first(where: { $0.lowercased() == "content-type" }) == nil { headers["Content-Type"] = "application/json" }
            }
        } else if let encoded = step["body_b64"]?.stringValue {
            body = Data(base64Encoded: encoded).map { [UInt8]($0) }
        } else if let template = step["body_generate"] {
            body = Self.generate(ConformancePlaceholders.substitute(template, vars)).serialized()
            if headers.keys.first(where: { $0.lowercased() == "content-type" }) == nil { headers["Content-Type"] = "application/json" }
        }
        if headers.keys.first(where: { $0.lowercased() == "accept" }) == nil { headers["Accept"] = "application/json" }
        return (path, headers, body)
    }

    /// `{repeat: STR, times: N}` anywhere becomes STR repeated N times.
    static func generate(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            if Set(members.keys) == ["repeat", "times"], let text = members["repeat"]?.stringValue, let times = members["times"]?.intValue {
                return .string(String(repeating: text, count: times))
            }
            return .object(members.mapValues(generate))
        case .array(let items): return .array(items.map(generate))
        default: return value
        }
    }

    func headers(_ headers: [String: String], token: String?) -> [(String, String)] {
        var all = [("User-Agent", Self.userAgent)]
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        return all + headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A plain request: `{status, headers: {content-type, warning}, body}`.
    func request(_ method: String, _ path: String, headers: [String: String], body: [UInt8]?, token: String?, timeout: Double = 60) throws -> JSONValue {
        let connection = try ConformanceHTTPConnection(port: port, method: method, path: path, headers: self.headers(headers, token: token), body: body, timeout: timeout)
        let data = connection.readBody()
        let contentType = connection.header("content-type")
        return ["status": .int(connection.status),
                "headers": ["content-type": contentType.map(JSONValue.string) ?? .null, "warning": .array(connection.headerValues("warning").map(JSONValue.string))],
                "body": ConformanceBody.parse(contentType: contentType, data)]
    }
}
