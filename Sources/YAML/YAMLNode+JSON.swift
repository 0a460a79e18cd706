import Foundation

extension YAMLNode {
    /// The node as JSON text (UTF-8), keeping mapping order and YAML 1.2 types: integers stay
    /// integers, quoted `"1.0"` stays a string. Mapping keys become their scalar text.
    ///
    /// Throws `.unrepresentable` (with the node's position) for `.nan`/`.inf`, integers beyond
    /// 64 bits, non-scalar keys, and keys that collide once written as strings (`1` and `"1"`).
    public func jsonData() throws(YAMLError) -> Data {
        var writer = JSONWriter()
        try writer.write(self)
        return Data(writer.bytes)
    }

    /// The node as a Foundation JSON object (`[String: Any]`, `[Any]`, `String`, `Int`,
    /// `Double`, `Bool`, `NSNull`), for `JSONSerialization`. Same rules as ``jsonData()``.
    public func jsonObject() throws(YAMLError) -> Any {
        switch content {
        case .scalar(let scalar):
            return try JSONScalar(scalar, mark: mark).foundationValue
        case .sequence(let items):
            var array: [Any] = []
            array.reserveCapacity(items.count)
            for item in items { array.append(try item.jsonObject()) }
            return array
        case .mapping(let pairs):
            var object: [String: Any] = [:]
            for pair in pairs {
                let key = try JSONScalar.key(pair.key)
                guard object[key] == nil else { throw JSONScalar.collision(key, at: pair.key.mark) }
                object[key] = try pair.value.jsonObject()
            }
            return object
        }
    }
}
