import Crypto
import FoundationEssentials

/// The header of an age v1 file: recipient stanzas and the MAC over them.
struct AgeHeader: Sendable {
    static let versionLine = "age-encryption.org/v1"
    private static let maxLineLength = 4096
    private static let maxHeaderSize = 1024 * 1024

    var stanzas: [AgeStanza]
    var mac: [UInt8]
    /// The header bytes the MAC covers: from the version line through `---`.
    var macInput: [UInt8]

    /// Builds the header for `stanzas`, authenticated with `fileKey`.
    init(stanzas: [AgeStanza], fileKey: SymmetricKey) {
        var bytes = Array((Self.versionLine + "\n").utf8)
        for stanza in stanzas { bytes += stanza.encoded }
        bytes += Array("---".utf8)
        self.stanzas = stanzas
        self.macInput = bytes
        self.mac = Self.computeMAC(over: bytes, fileKey: fileKey)
    }

    /// The header as written to the file, ending with the MAC line's LF.
    var encoded: [UInt8] {
        macInput + Array(" ".utf8) + StrictBase64.encode(mac, padded: false) + [UInt8(ascii: "\n")]
    }

    /// Checks the MAC in constant time.
    func verifyMAC(fileKey: SymmetricKey) throws(AgeError) {
        let key = KeyDerivation.headerMACKey(fileKey: fileKey)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: macInput, using: key) else {
            throw .hmacFailure
        }
    }

    private static func computeMAC(over bytes: [UInt8], fileKey: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: bytes, using: KeyDerivation.headerMACKey(fileKey: fileKey)))
    }

    /// Reads and validates a header, consuming it through the MAC line's LF.
    init(reading reader: inout ByteReader<some AgeByteSource>) throws {
        var macInput: [UInt8] = []
        func nextLine() throws -> [UInt8] {
            let result: (line: [UInt8], terminated: Bool)?
            do {
                result = try reader.readLine(maxLength: Self.maxLineLength)
            } catch is LineTooLong {
                throw AgeError.headerFailure("a header line is longer than \(Self.maxLineLength) bytes")
            }
            guard let result, result.terminated else {
                throw AgeError.headerFailure("the header ends before its MAC line")
            }
            guard macInput.count + result.line.count < Self.maxHeaderSize else {
                throw AgeError.headerFailure("the header is larger than \(Self.maxHeaderSize) bytes")
            }
            return result.line
        }

        guard try !reader.isAtEnd() else {
            throw AgeError.headerFailure("the input is empty, not an age file")
        }
        let version = try nextLine()
        guard version == Array(Self.versionLine.utf8) else {
            if version.starts(with: Array("age-encryption.org/".utf8)) {
                throw AgeError.headerFailure("unsupported age version: only age-encryption.org/v1 is supported")
            }
            throw AgeError.headerFailure("not an age file: the first line is not the age version line")
        }
        macInput += version + [UInt8(ascii: "\n")]

        var stanzas: [AgeStanza] = []
        var line = try nextLine()
        while !line.starts(with: Array("---".utf8)) {
            guard line.starts(with: Array("-> ".utf8)) else {
                throw AgeError.headerFailure("a stanza line must start with \"-> \"")
            }
            macInput += line + [UInt8(ascii: "\n")]
            let arguments = line.dropFirst(3).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard !arguments.isEmpty, arguments.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (33...126).contains($0) } }) else {
                throw AgeError.headerFailure("stanza arguments must be non-empty printable ASCII separated by single spaces")
            }
            var body: [UInt8] = []
            while true {
                let bodyLine = try nextLine()
                macInput += bodyLine + [UInt8(ascii: "\n")]
                guard bodyLine.count <= 64 else {
                    throw AgeError.headerFailure("a stanza body line is longer than 64 columns")
                }
                guard let decoded = StrictBase64.decode(bodyLine, padded: false) else {
                    throw AgeError.headerFailure("a stanza body is not canonical unpadded base64")
                }
                body += decoded
                if bodyLine.count < 64 { break }
            }
            let strings = arguments.map { String(decoding: $0, as: UTF8.self) }
            stanzas.append(AgeStanza(type: strings[0], arguments: Array(strings.dropFirst()), body: body))
            line = try nextLine()
        }

        guard line.count == 3 + 1 + 43, line[3] == UInt8(ascii: " "),
              let mac = StrictBase64.decode(line[4...], padded: false), mac.count == 32
        else {
            throw AgeError.headerFailure("the MAC line must be \"--- \" followed by a 32-byte canonical base64 MAC")
        }
        macInput += Array("---".utf8)
        guard !stanzas.isEmpty else { throw AgeError.headerFailure("the header has no recipient stanza") }
        self.stanzas = stanzas
        self.mac = mac
        self.macInput = macInput
    }
}
