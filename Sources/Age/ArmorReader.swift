import FoundationEssentials

/// A source that removes the armor of an age file as it is read, strictly.
///
/// Accepted: whitespace around the armor, LF or CRLF line ends. Rejected: headers, blank lines,
/// whitespace inside, lines longer than 64 columns, a short line before the last, non-canonical base64.
struct ArmorReader<Source: AgeByteSource>: AgeByteSource {
    private var reader: ByteReader<Source>
    private var state = State.beforeBegin
    private var decoded: [UInt8] = []

    private enum State { case beforeBegin, inBody, afterLastLine, ended }

    init(_ reader: ByteReader<Source>) {
        self.reader = reader
    }

    mutating func readChunk(upTo count: Int) throws -> Data {
        while decoded.count < count, state != .ended {
            try advance()
        }
        let taken = min(count, decoded.count)
        defer { decoded.removeFirst(taken) }
        return Data(decoded[..<taken])
    }

    private mutating func advance() throws {
        switch state {
        case .beforeBegin:
            try skipLeadingWhitespace()
            guard try nextLine() == Armor.beginLine else {
                throw AgeError.armorFailure("the input does not start with \"-----BEGIN AGE ENCRYPTED FILE-----\"")
            }
            state = .inBody
        case .inBody, .afterLastLine:
            let line = try nextLine()
            if line == Armor.endLine {
                try checkTrailingWhitespace()
                state = .ended
                return
            }
            guard state == .inBody else {
                throw AgeError.armorFailure("a line shorter than 64 columns or with padding must be the last one")
            }
            guard !line.isEmpty, line.count <= Armor.columns else {
                throw AgeError.armorFailure("armor lines are 1 to 64 columns, with no blank lines")
            }
            guard let bytes = StrictBase64.decode(line, padded: true) else {
                throw AgeError.armorFailure("an armor line is not canonical padded base64")
            }
            decoded += bytes
            if line.count < Armor.columns || line.last == UInt8(ascii: "=") { state = .afterLastLine }
        case .ended:
            return
        }
    }

    /// One line without its LF or CRLF; the input must not end before the end line.
    private mutating func nextLine() throws -> [UInt8] {
        let result: (line: [UInt8], terminated: Bool)?
        do {
            result = try reader.readLine(maxLength: Armor.columns + 32)
        } catch is LineTooLong {
            throw AgeError.armorFailure("an armor line is longer than 64 columns")
        }
        guard var line = result?.line else {
            throw AgeError.armorFailure("the armor ends before \"-----END AGE ENCRYPTED FILE-----\"")
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }

    private mutating func skipLeadingWhitespace() throws {
        var skipped = 0
        while let byte = try reader.peek(1).first, Armor.isWhitespace(byte) {
            skipped += 1
            guard skipped <= Armor.maxSurroundingWhitespace else {
                throw AgeError.armorFailure("too much whitespace before the armor")
            }
            _ = try reader.readBytes(1)
        }
    }

    private mutating func checkTrailingWhitespace() throws {
        let rest = try reader.readBytes(Armor.maxSurroundingWhitespace + 1)
        guard rest.count <= Armor.maxSurroundingWhitespace, rest.allSatisfy(Armor.isWhitespace) else {
            throw AgeError.armorFailure("only whitespace may follow \"-----END AGE ENCRYPTED FILE-----\"")
        }
    }
}
