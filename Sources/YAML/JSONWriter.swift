/// Writes compact JSON.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ node: YAMLNode) throws(YAMLError) {
        switch node.content {
        case .scalar(let scalar):
            switch try JSONScalar(scalar, mark: node.mark) {
            case .null: append("null")
            case .bool(let value): append(value ? "true" : "false")
            case .int(let value): append("\(value)")
            case .float(let value): append(ScalarResolver.canonicalText(of: value))
            case .string(let value): writeString(value)
            }
        case .sequence(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .mapping(let pairs):
            bytes.append(UInt8(ascii: "{"))
            var keys = Set<String>()
            for (index, pair) in pairs.enumerated() {
                let key = try JSONScalar.key(pair.key)
                guard keys.insert(key).inserted else { throw JSONScalar.collision(key, at: pair.key.mark) }
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                try write(pair.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                append("\\u00" + (hex.count == 1 ? "0" + hex : hex))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
