/// The strict PEM armor of age files: label `AGE ENCRYPTED FILE`, padded base64 in 64-column lines.
enum Armor {
    static let beginLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let endLine = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    static let columns = 64
    /// Whitespace tolerated before the begin line and after the end line.
    static let maxSurroundingWhitespace = 1024

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// True when the input starts, after optional whitespace, with the armor's begin line.
    static func isArmored(_ reader: inout ByteReader<some AgeByteSource>) throws -> Bool {
        let start = try reader.peek(maxSurroundingWhitespace + beginLine.count)
        return start.drop(while: isWhitespace).starts(with: beginLine)
    }
}
