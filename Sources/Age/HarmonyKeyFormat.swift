import FoundationEssentials
import Basics

/// How the identity is stored in Harmony's `RUNBEAM_ENCRYPTION_KEY`.
public enum HarmonyKeyFormat: String, Sendable, CaseIterable {
    /// Standard padded base64 of the bare `AGE-SECRET-KEY-1…` string, no newline (every SDK).
    case base64 = "Base64"
    /// The bare `AGE-SECRET-KEY-1…` string (SDK 0.11 and later).
    case raw = "Raw"
}

extension AgeIdentity {
    /// Standard padded base64 of the bare identity string, with no newline: the form every Harmony SDK reads.
    public var harmonyBase64: String {
        Data(secretKeyString.utf8).base64EncodedString()
    }

    /// The value for Harmony's `RUNBEAM_ENCRYPTION_KEY` in `format`.
    public func harmonyValue(_ format: HarmonyKeyFormat) -> String {
        switch format {
        case .base64: harmonyBase64
        case .raw: secretKeyString
        }
    }

    /// Parses a `RUNBEAM_ENCRYPTION_KEY` value in either Harmony form.
    ///
    /// Surrounding whitespace of the value is trimmed, as Harmony does; the decoded string is not.
    public init(harmonyValue value: String) throws(AgeError) {
        let trimmed = value.trimmingWhitespaceAndNewlines()
        if trimmed.hasPrefix("AGE-SECRET-KEY-1") {
            try self.init(parsing: trimmed)
            return
        }
        guard let decoded = Data(base64Encoded: trimmed), let text = String(data: decoded, encoding: .utf8) else {
            throw .invalidKey("an encryption key value is either base64 or a bare AGE-SECRET-KEY-1 string")
        }
        guard text.hasPrefix("AGE-SECRET-KEY-1"), !text.contains(where: \.isWhitespace) else {
            throw .invalidKey(
                "the base64 value must decode to the bare AGE-SECRET-KEY-1 string, without comment lines or newline"
            )
        }
        try self.init(parsing: text)
    }
}
