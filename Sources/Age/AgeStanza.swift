/// One recipient stanza of an age header: `-> TYPE ARG…` followed by a base64 body.
struct AgeStanza: Sendable, Equatable {
    var type: String
    var arguments: [String]
    var body: [UInt8]

    /// The stanza as it appears in the header: argument line, then the body wrapped at 64 columns,
    /// ending with a line shorter than 64 characters (possibly empty).
    var encoded: [UInt8] {
        var output = Array("-> ".utf8) + Array(([type] + arguments).joined(separator: " ").utf8)
        output.append(UInt8(ascii: "\n"))
        let text = StrictBase64.encode(body, padded: false)
        var index = 0
        while true {
            let end = min(index + 64, text.count)
            output += text[index..<end]
            output.append(UInt8(ascii: "\n"))
            if end - index < 64 { break }
            index = end
        }
        return output
    }
}
