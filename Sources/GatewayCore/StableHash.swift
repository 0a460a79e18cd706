import Crypto
import FoundationEssentials

/// A fraction in [0, 1) derived from SHA-256 of its inputs: the same gateway always gets the same jitter,
/// across restarts and replicas.
enum StableHash {
    static func fraction(_ parts: String...) -> Double {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{0}").utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }
}
