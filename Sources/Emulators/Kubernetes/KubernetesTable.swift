import JSON
import FoundationEssentials
import Basics

/// `meta.k8s.io/v1` Table responses, as `kubectl get` asks for them.
enum KubernetesTable {
    struct Column: Sendable {
        var name: String
        var type: String
        var format: String
        var description: String
        var priority: Int
        var value: @Sendable (JSONValue, Date) -> JSONValue
    }

    static func columns(for type: KubernetesResourceType, version: String) -> [Column] {
        let name = Column(name: "Name", type: "string", format: "name", description: KubernetesTableDescriptions.name, priority: 0) { object, _ in .string(object.metadataName) }
        let age = Column(name: "Age", type: "string", format: "", description: KubernetesTableDescriptions.creationTimestamp, priority: 0) { object, now in
            .string(KubernetesAge.since(object[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", now: now))
        }
        if let printerColumns = type.printerColumns[version] {
            if printerColumns.isEmpty { return [name, age] }
            return [name] + printerColumns.map { column in
                let path = column["jsonPath"]?.stringValue ?? ""
                let columnType = column["type"]?.stringValue ?? "string"
                return Column(
                    name: column["name"]?.stringValue ?? "", type: columnType == "date" ? "date" : columnType,
                    format: column["format"]?.stringValue ?? "", description: column["description"]?.stringValue ?? KubernetesTableDescriptions.printerColumn(jsonPath: path),
                    priority: column["priority"]?.intValue ?? 0
                ) { object, now in
                    let value = evaluate(path, in: object)
                    if columnType == "date", let text = value?.stringValue { return .string(KubernetesAge.since(text, now: now)) }
                    return value ?? .null
                }
            }
        }
        func count(_ path: [String]) -> @Sendable (JSONValue, Date) -> JSONValue {
            { object, _ in .int(object[path: path]?.objectValue?.count ?? 0) }
        }
        func text(_ path: [String]) -> @Sendable (JSONValue, Date) -> JSONValue {
            { object, _ in object[path: path] ?? .string("") }
        }
        switch type.key {
        case "secrets":
            return [name, Column(name: "Type", type: "string", format: "", description: KubernetesTableDescriptions.secretType, priority: 0, value: text(["type"])),
                    Column(name: "Data", type: "string", format: "", description: KubernetesTableDescriptions.secretData, priority: 0, value: count(["data"])), age]
        case "configmaps":
            return [name, Column(name: "Data", type: "string", format: "", description: KubernetesTableDescriptions.configMapData, priority: 0, value: count(["data"])), age]
        case "events":
            func age(_ keys: [String]) -> @Sendable (JSONValue, Date) -> JSONValue {
                { object, now in
                    let stamp = keys.lazy.compactMap { object[path: $0.split(separator: ".").map(String.init)]?.stringValue }.first
                    return .string(stamp.map { KubernetesAge.since($0, now: now) } ?? "<unknown>")
                }
            }
            let column = { (title: String, priority: Int, value: @escaping @Sendable (JSONValue, Date) -> JSONValue) in
                Column(name: title, type: "string", format: "", description: "", priority: priority, value: value)
            }
            return [
                column("Last Seen", 0, age(["series.lastObservedTime", "lastTimestamp", "eventTime"])), column("Type", 0, text(["type"])),
                column("Reason", 0, text(["reason"])),
                column("Object", 0) { object, _ in
                    .string("\((object[path: ["involvedObject", "kind"]]?.stringValue ?? "").lowercased())/\(object[path: ["involvedObject", "name"]]?.stringValue ?? "")")
                },
                column("Subobject", 1, text(["involvedObject", "fieldPath"])),
                column("Source", 1) { object, _ in
                    let component = object[path: ["source", "component"]]?.stringValue ?? object["reportingComponent"]?.stringValue ?? ""
                    let host = object[path: ["source", "host"]]?.stringValue ?? ""
                    return .string(host.isEmpty ? component : "\(component), \(host)")
                },
                column("Message", 0, text(["message"])), column("First Seen", 1, age(["firstTimestamp", "eventTime"])),
                column("Count", 1) { object, _ in .int(object["count"]?.intValue ?? 1) }, column("Name", 1) { object, _ in .string(object.metadataName) },
            ]
        case "namespaces":
            return [name, Column(name: "Status", type: "string", format: "", description: "", priority: 0, value: text(["status", "phase"])), age]
        case "deployments.apps":
            return [
                name,
                Column(name: "Ready", type: "string", format: "", description: "", priority: 0) { object, _ in
                    .string("\(object[path: ["status", "readyReplicas"]]?.intValue ?? 0)/\(object[path: ["spec", "replicas"]]?.intValue ?? 1)")
                },
                Column(name: "Up-to-date", type: "integer", format: "", description: "", priority: 0) { object, _ in .int(object[path: ["status", "updatedReplicas"]]?.intValue ?? 0) },
                Column(name: "Available", type: "integer", format: "", description: "", priority: 0) { object, _ in .int(object[path: ["status", "availableReplicas"]]?.intValue ?? 0) },
                age,
            ]
        default:
            return [name, age]
        }
    }

    /// Evaluates the simple JSONPath forms CRDs use: `.a.b`, `.a[0].b`, `.a[?(@.type=="Ready")].status`.
    static func evaluate(_ path: String, in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        var rest = Substring(path.hasPrefix("$") ? String(path.dropFirst()) : path)
        while !rest.isEmpty, let value = current {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                current = value[String(rest[..<end])]
                rest = rest[end...]
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                if let position = Int(inside) {
                    current = value.arrayValue.flatMap { $0.indices.contains(position) ? $0[position] : nil }
                } else if inside.hasPrefix("?(@."), let equals = inside.firstRange(of: "==") {
                    let field = String(inside[inside.index(inside.startIndex, offsetBy: 4)..<equals.lowerBound])
                    let expected = inside[equals.upperBound...].dropLast().trimming(["\"", "'", " "])
                    current = value.arrayValue?.first { $0[path: field.split(separator: ".").map(String.init)]?.stringValue == expected }
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        return current
    }

    static func columnDefinitions(_ columns: [Column]) -> JSONValue {
        .array(columns.map { ["name": .string($0.name), "type": .string($0.type), "format": .string($0.format), "description": .string($0.description), "priority": .int($0.priority)] })
    }

    static func row(_ object: JSONValue, columns: [Column], includeObject: String, now: Date) -> JSONValue {
        var rowObject: JSONValue
        switch includeObject {
        case "None": rowObject = .null
        case "Object": rowObject = object
        default:
            rowObject = ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object["metadata"] ?? .emptyObject]
        }
        return ["cells": .array(columns.map { $0.value(object, now) }), "object": rowObject]
    }

    static func table(_ objects: [JSONValue], type: KubernetesResourceType, version: String, resourceVersion: String, continueToken: String?, includeObject: String, withHeaders: Bool = true) -> JSONValue {
        let columns = columns(for: type, version: version)
        let now = Date()
        var metadata: JSONValue = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
            "columnDefinitions": withHeaders ? columnDefinitions(columns) : [],
            "rows": .array(objects.map { row($0, columns: columns, includeObject: includeObject, now: now) }),
        ]
    }
}
