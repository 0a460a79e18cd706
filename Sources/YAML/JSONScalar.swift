import FoundationEssentials

/// A scalar's JSON value.
enum JSONScalar {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)

    init(_ scalar: YAMLScalar, mark: YAMLMark) throws(YAMLError) {
        switch scalar.type {
        case .null: self = .null
        case .bool: self = .bool(ScalarResolver.boolValue(scalar.text) ?? false)
        case .string: self = .string(scalar.text)
        case .int:
            guard let value = ScalarResolver.integerValue(scalar.text) else {
                throw YAMLError(.unrepresentable, "integer \(scalar.text) does not fit in 64 bits; quote it to send it as a string", mark: mark)
            }
            self = .int(value)
        case .float:
            guard let value = ScalarResolver.floatValue(scalar.text), value.isFinite else {
                throw YAMLError(.unrepresentable, "\(scalar.text) has no JSON representation; quote it to send it as a string", mark: mark)
            }
            self = .float(value)
        }
    }

    /// A mapping key as a JSON object key.
    static func key(_ node: YAMLNode) throws(YAMLError) -> String {
        guard let scalar = node.scalar else {
            throw YAMLError(.unrepresentable, "JSON object keys must be scalars, found \(node.kindDescription)", mark: node.mark)
        }
        return scalar.type == .string ? scalar.text : ScalarPresentation.of(scalar).text
    }

    static func collision(_ key: String, at mark: YAMLMark) -> YAMLError {
        YAMLError(.unrepresentable, "key \"\(key)\" appears twice once keys are written as JSON strings", mark: mark)
    }
}
