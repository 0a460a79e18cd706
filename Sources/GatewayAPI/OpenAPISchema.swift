import JSON

/// A small builder for structural OpenAPI v3 schemas, printed as `JSONValue`.
public struct OpenAPISchema: Sendable, Hashable {
    /// The schema as JSON.
    public private(set) var json: [String: JSONValue]

    private init(type: String, description: String?) {
        json = ["type": .string(type)]
        if let description { json["description"] = .string(description) }
    }

    public static func string(_ description: String? = nil) -> OpenAPISchema { OpenAPISchema(type: "string", description: description) }
    public static func integer(_ description: String? = nil) -> OpenAPISchema { OpenAPISchema(type: "integer", description: description) }
    public static func boolean(_ description: String? = nil) -> OpenAPISchema { OpenAPISchema(type: "boolean", description: description) }

    /// An object with `properties`; `required` names the mandatory ones.
    public static func object(_ description: String? = nil, required: [String] = [], _ properties: [String: OpenAPISchema]) -> OpenAPISchema {
        var schema = OpenAPISchema(type: "object", description: description)
        schema.json["properties"] = .object(properties.mapValues { .object($0.json) })
        if !required.isEmpty { schema.json["required"] = .array(required.map { .string($0) }) }
        return schema
    }

    /// A string-to-string map (labels, annotations).
    public static func stringMap(_ description: String? = nil) -> OpenAPISchema {
        var schema = OpenAPISchema(type: "object", description: description)
        schema.json["additionalProperties"] = ["type": "string"]
        return schema
    }

    /// An array of `items`.
    public static func array(_ description: String? = nil, of items: OpenAPISchema) -> OpenAPISchema {
        var schema = OpenAPISchema(type: "array", description: description)
        schema.json["items"] = .object(items.json)
        return schema
    }

    public func `default`(_ value: JSONValue) -> OpenAPISchema { with("default", value) }
    public func pattern(_ pattern: String) -> OpenAPISchema { with("pattern", .string(pattern)) }
    public func minLength(_ value: Int) -> OpenAPISchema { with("minLength", .int(value)) }
    public func maxLength(_ value: Int) -> OpenAPISchema { with("maxLength", .int(value)) }
    public func minimum(_ value: Int) -> OpenAPISchema { with("minimum", .int(value)) }
    public func maximum(_ value: Int) -> OpenAPISchema { with("maximum", .int(value)) }
    public func minItems(_ value: Int) -> OpenAPISchema { with("minItems", .int(value)) }
    public func maxItems(_ value: Int) -> OpenAPISchema { with("maxItems", .int(value)) }
    public func format(_ value: String) -> OpenAPISchema { with("format", .string(value)) }
    public func enumeration(_ values: [String]) -> OpenAPISchema { with("enum", .array(values.map { .string($0) })) }

    /// A CEL rule (`x-kubernetes-validations`).
    public func rule(_ rule: String, message: String, fieldPath: String? = nil) -> OpenAPISchema {
        var entry: [String: JSONValue] = ["rule": .string(rule), "message": .string(message)]
        if let fieldPath { entry["fieldPath"] = .string(fieldPath) }
        let existing = json["x-kubernetes-validations"]?.arrayValue ?? []
        return with("x-kubernetes-validations", .array(existing + [.object(entry)]))
    }

    /// Marks a list as a map keyed by `keys` (`x-kubernetes-list-type: map`).
    public func listMap(keys: [String]) -> OpenAPISchema {
        with("x-kubernetes-list-type", "map").with("x-kubernetes-list-map-keys", .array(keys.map { .string($0) }))
    }

    private func with(_ key: String, _ value: JSONValue) -> OpenAPISchema {
        var copy = self
        copy.json[key] = value
        return copy
    }
}
