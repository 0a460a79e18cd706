/// Why an age operation failed. Messages name the failure and never contain key material.
public enum AgeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// None of the identities could unwrap the file key from any recipient stanza.
    case noMatchingIdentity
    /// The header is malformed or one of its stanzas is invalid.
    case headerFailure(String)
    /// The header MAC does not match: the header was altered or the file key is wrong.
    case hmacFailure
    /// A payload chunk failed to decrypt, or the payload is truncated or has trailing data.
    case payloadFailure(String)
    /// The ASCII armor is malformed.
    case armorFailure(String)
    /// A key string or key file could not be parsed.
    case invalidKey(String)
    /// Encryption was asked for with no recipient, or decryption with no identity.
    case missingKeys(String)

    /// The kind of failure, without its detail.
    public var kind: Kind {
        switch self {
        case .noMatchingIdentity: .noMatch
        case .headerFailure: .header
        case .hmacFailure: .hmac
        case .payloadFailure: .payload
        case .armorFailure: .armor
        case .invalidKey: .invalidKey
        case .missingKeys: .missingKeys
        }
    }

    /// The kinds of ``AgeError``.
    public enum Kind: String, Sendable, Hashable {
        case noMatch = "no match"
        case header = "header failure"
        case hmac = "HMAC failure"
        case payload = "payload failure"
        case armor = "armor failure"
        case invalidKey = "invalid key"
        case missingKeys = "missing keys"
    }

    public var description: String {
        switch self {
        case .noMatchingIdentity:
            "no identity matched any of the recipients: check that the file was encrypted to one of these keys"
        case .headerFailure(let reason):
            "failed to read header: \(reason)"
        case .hmacFailure:
            "bad header MAC: the header was modified or is corrupted"
        case .payloadFailure(let reason):
            "failed to decrypt and authenticate payload: \(reason)"
        case .armorFailure(let reason):
            "invalid ASCII armor: \(reason)"
        case .invalidKey(let reason):
            "invalid key: \(reason)"
        case .missingKeys(let reason):
            reason
        }
    }
}
