import Basics
/// A Runbeam Cloud user credential: a Laravel Sanctum API token (`{id}|{secret}`) or a user JWT.
///
/// The value is only reachable through ``secretValue``; `description`, `debugDescription` and
/// reflection (`dump`) show the kind, never the value.
public struct RunbeamCredential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The shape of a credential (Runbeam Cloud accepts both).
    public enum Kind: String, Sendable, Hashable {
        /// `{id}|{secret}`, a Laravel Sanctum personal access token.
        case sanctum
        /// `header.payload.signature`, a user JWT.
        case jwt
        /// Any other shape; sent as given, the server decides.
        case opaque
    }

    /// The credential itself, for the `Authorization` header and the request body only.
    public let secretValue: String

    /// Trims surrounding whitespace (a file's trailing newline) and checks the credential can be sent.
    public init(_ value: String) throws(RunbeamCredentialError) {
        let trimmed = value.trimmingWhitespaceAndNewlines()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { throw .invalidCharacters }
        secretValue = trimmed
    }

    /// Whether this looks like a Sanctum token or a JWT.
    public var kind: Kind {
        let sanctum = secretValue.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        if sanctum.count == 2, !sanctum[0].isEmpty, sanctum[0].allSatisfy(\.isNumber), !sanctum[1].isEmpty { return .sanctum }
        let parts = secretValue.split(separator: ".", omittingEmptySubsequences: false)
        let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(base64URL.contains) }) { return .jwt }
        return .opaque
    }

    /// The strings that must never appear in output: the whole credential and, for a Sanctum
    /// token, its secret part.
    var sensitiveFragments: [String] {
        var fragments = [secretValue]
        if kind == .sanctum, let bar = secretValue.firstIndex(of: "|") {
            let secret = String(secretValue[secretValue.index(after: bar)...])
            if secret.count >= 8 { fragments.append(secret) }
        }
        return fragments
    }

    public var description: String { "RunbeamCredential(\(kind.rawValue), redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Why a string cannot be used as a Runbeam credential. Never contains the string.
public enum RunbeamCredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case invalidCharacters

    public var description: String {
        switch self {
        case .empty:
            return "the Runbeam API credential is empty; set it to a Sanctum API token ({id}|{secret}) or a user JWT"
        case .invalidCharacters:
            return "the Runbeam API credential contains spaces, control or non-ASCII characters; check that only the token itself was stored"
        }
    }
}
