import Basics
import FoundationEssentials

/// The limits shared by the CRD schema and the validator, so both say the same thing.
public enum GatewayConstraints {
    /// `spec.gatewayCode` (and the default, `metadata.name`).
    public static let gatewayCodePattern = "^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$"
    public static let gatewayCodeMaxLength = 128
    /// A Secret data key.
    public static let secretKeyPattern = "^[-._a-zA-Z0-9]+$"
    public static let secretKeyMaxLength = 253
    /// A DNS subdomain name (Secrets, workloads).
    public static let dnsSubdomainPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
    public static let dnsSubdomainMaxLength = 253
    /// The generated Secret name suffix: `<gateway>-runbeam`.
    public static let secretNameSuffix = "-runbeam"
    public static let renewBeforePercentageRange = 1...99
    public static let apiURLMaxLength = 2048
    /// Default data keys.
    public static let defaultMachineTokenKey = "machine-token"
    public static let defaultEncryptionKeyKey = "encryption-key"

    /// The most rollout targets (the schema's `maxItems`).
    public static let rolloutTargetsMaxCount = 64
    /// The longest `renewBefore` accepted (a year; tokens live 30 days).
    public static let renewBeforeMaxSeconds: Double = 8760 * 3600
    /// The longest `renewBefore` text accepted.
    public static let durationMaxLength = 64
    /// How much of a rejected value a message quotes.
    public static let quotedValueMaxLength = 64

    /// `text` in double quotes for a message: at most ``quotedValueMaxLength`` characters (then `…`), control
    /// characters shown as `?`, so a hostile value cannot bloat or split a condition message.
    public static func quoted(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.prefix(quotedValueMaxLength + 1).map {
            $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) ? "?" : $0
        }))
        let shown = cleaned.unicodeScalars.count > quotedValueMaxLength
            ? String(String.UnicodeScalarView(cleaned.unicodeScalars.prefix(quotedValueMaxLength))) + "…" : cleaned
        return "\"" + shown + "\""
    }

    /// Whether `text` matches `pattern` entirely (a `$` also matches before a final line break, so the match must
    /// cover the whole text); false for a pattern that does not compile.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = RegexCache.regex(pattern) else { return false }
        return text.wholeMatch(of: regex) != nil
    }

    /// Whether `text` is a DNS subdomain name (≤ 253).
    public static func isDNSSubdomain(_ text: String) -> Bool {
        text.utf8.count <= dnsSubdomainMaxLength && matches(text, dnsSubdomainPattern)
    }

    /// Whether `text` is a valid gateway code (≤ 128, ``gatewayCodePattern``).
    public static func isGatewayCode(_ text: String) -> Bool {
        text.utf8.count <= gatewayCodeMaxLength && matches(text, gatewayCodePattern)
    }

    /// Whether `text` is a DNS label (≤ 63), as namespace names are.
    public static func isDNSLabel(_ text: String) -> Bool {
        text.utf8.count <= 63 && matches(text, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    }

    /// Whether `text` is a valid Secret data key.
    public static func isSecretKey(_ text: String) -> Bool {
        text.utf8.count <= secretKeyMaxLength && matches(text, secretKeyPattern)
    }

    /// Whether `text` is a valid label or annotation key (`[prefix/]name`).
    public static func isQualifiedName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, !name.isEmpty, name.count <= 63 else { return false }
        if parts.count == 2, !isDNSSubdomain(String(parts[0])) { return false }
        return matches(String(name), "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
    }

    /// Whether `text` is a valid label value.
    public static func isLabelValue(_ text: String) -> Bool {
        text.isEmpty || (text.count <= 63 && matches(text, "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"))
    }
}
