/// The coding key of a sequence item.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) {
        guard let index = Int(stringValue) else { return nil }
        intValue = index
    }
    init?(intValue: Int) { self.intValue = intValue }
}

/// A mapping key, and the `super` key of class hierarchies.
struct NameKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = "\(intValue)" }

    static let `super` = NameKey("super")
}

/// Formats coding paths as `spec.containers[0].image`.
enum CodingPath {
    static func format(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if key is IndexKey {
                text += "[\(key.stringValue)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }
}
