import Crypto

/// The public half of an age X25519 key, printed as `age1…`.
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte X25519 public key.
    public let rawRepresentation: [UInt8]

    static let humanReadablePart = "age"

    /// Creates a recipient from a 32-byte X25519 public key.
    public init(rawRepresentation: [UInt8]) throws(AgeError) {
        guard rawRepresentation.count == 32 else {
            throw .invalidKey("an X25519 recipient is 32 bytes, got \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Parses an `age1…` recipient string.
    public init(parsing string: String) throws(AgeError) {
        let (hrp, data) = try Bech32.decode(string)
        guard hrp == Self.humanReadablePart else {
            throw .invalidKey("a recipient starts with \"age1\" in lower case")
        }
        try self.init(rawRepresentation: data)
    }

    /// The `age1…` string.
    public var description: String {
        Bech32.encode(hrp: Self.humanReadablePart, data: rawRepresentation)
    }

    var publicKey: Curve25519.KeyAgreement.PublicKey {
        // The length was checked on construction, the only thing CryptoKit validates here.
        try! Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation)
    }
}
