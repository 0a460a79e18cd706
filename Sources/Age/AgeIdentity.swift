import Crypto

/// The secret half of an age X25519 key, printed as `AGE-SECRET-KEY-1…`.
///
/// Its `description` shows only the recipient; use ``secretKeyString`` to obtain the secret.
public struct AgeIdentity: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The 32 secret bytes; CryptoKit's key type is not `Sendable`, so it is rebuilt on use.
    private let secretBytes: [UInt8]

    static let humanReadablePart = "AGE-SECRET-KEY-"

    /// Generates a new identity from the system's secure random number generator.
    public static func generate() -> AgeIdentity {
        AgeIdentity(privateKey: Curve25519.KeyAgreement.PrivateKey())
    }

    init(privateKey: Curve25519.KeyAgreement.PrivateKey) {
        self.secretBytes = Array(privateKey.rawRepresentation)
    }

    var privateKey: Curve25519.KeyAgreement.PrivateKey {
        // The length was checked on construction, the only thing CryptoKit validates here.
        try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: secretBytes)
    }

    /// Creates an identity from 32 secret bytes.
    public init(rawRepresentation: [UInt8]) throws(AgeError) {
        guard rawRepresentation.count == 32 else {
            throw .invalidKey("an X25519 identity is 32 bytes, got \(rawRepresentation.count)")
        }
        self.secretBytes = rawRepresentation
    }

    /// Parses an `AGE-SECRET-KEY-1…` identity string (upper case, as `age-keygen` prints it).
    public init(parsing string: String) throws(AgeError) {
        let (hrp, data) = try Bech32.decode(string)
        guard hrp == Self.humanReadablePart else {
            throw .invalidKey("an identity starts with \"AGE-SECRET-KEY-1\" in upper case")
        }
        try self.init(rawRepresentation: data)
    }

    /// The public recipient that files for this identity are encrypted to.
    public var recipient: AgeRecipient {
        // A public key is always 32 bytes.
        try! AgeRecipient(rawRepresentation: Array(privateKey.publicKey.rawRepresentation))
    }

    /// The secret `AGE-SECRET-KEY-1…` string. Handle with care: never log it.
    public var secretKeyString: String {
        Bech32.encode(hrp: Self.humanReadablePart, data: secretBytes).uppercased()
    }

    /// Shows the recipient only, never the secret.
    public var description: String { "AgeIdentity(recipient: \(recipient))" }

    /// Shows the recipient only, never the secret.
    public var debugDescription: String { description }

    /// Compares the secrets in constant time.
    public static func == (lhs: AgeIdentity, rhs: AgeIdentity) -> Bool {
        zip(lhs.secretBytes, rhs.secretBytes).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
