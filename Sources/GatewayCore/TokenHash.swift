import Crypto
import FoundationEssentials
import Basics

/// The `status.tokenHash` of Secret data: SHA-256 (hex) over `key=base64(value)\n` lines in key order.
/// It detects edits without revealing the token.
public enum TokenHash {
    public static func of(_ data: [String: Data]) -> String {
        var hasher = SHA256()
        for key in data.keys.sorted() {
            hasher.update(data: Data("\(key)=\(data[key]!.base64EncodedString())\n".utf8))
        }
        return hasher.finalize().map { String(cFormat: "%02x", $0) }.joined()
    }
}
