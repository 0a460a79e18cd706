import FoundationEssentials

/// Identity files as `age` reads them and `age-keygen` writes them.
public enum AgeKeyFile {
    /// Parses every identity in a key file.
    ///
    /// Blank lines and lines starting with `#` are skipped; LF and CRLF line ends are accepted;
    /// any other line must be exactly one `AGE-SECRET-KEY-1…` identity.
    public static func parseIdentities(_ contents: Data) throws(AgeError) -> [AgeIdentity] {
        var identities: [AgeIdentity] = []
        var lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            guard let text = String(data: Data(line), encoding: .utf8) else {
                throw .invalidKey("line \(index + 1) of the key file is not UTF-8 text")
            }
            do {
                identities.append(try AgeIdentity(parsing: text))
            } catch {
                throw .invalidKey("line \(index + 1) of the key file: \(reason(of: error))")
            }
        }
        guard !identities.isEmpty else { throw .invalidKey("no secret keys found in the key file") }
        return identities
    }

    /// The three lines `age-keygen` prints: creation time (RFC 3339), public key, secret key.
    public static func contents(for identity: AgeIdentity, createdAt date: Date, timeZone: TimeZone = .current) -> String {
        return """
            # created: \(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone).format(date))
            # public key: \(identity.recipient)
            \(identity.secretKeyString)

            """
    }

    private static func reason(of error: AgeError) -> String {
        if case .invalidKey(let reason) = error { return reason }
        return error.description
    }
}
