import Crypto
import FoundationEssentials

/// The HKDF-SHA-256 derivations of age v1.
enum KeyDerivation {
    /// The key of the header MAC: HKDF(ikm: file key, salt: empty, info: "header").
    static func headerMACKey(fileKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: Data(), info: Data("header".utf8), outputByteCount: 32)
    }

    /// The payload key: HKDF(ikm: file key, salt: the 16-byte nonce, info: "payload").
    static func payloadKey(fileKey: SymmetricKey, nonce: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: nonce, info: Data("payload".utf8), outputByteCount: 32)
    }

    /// The X25519 wrap key: HKDF(ikm: shared secret, salt: share ‖ recipient, info: "age-encryption.org/v1/X25519").
    static func x25519WrapKey(sharedSecret: [UInt8], share: [UInt8], recipient: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: sharedSecret),
            salt: share + recipient,
            info: Data("age-encryption.org/v1/X25519".utf8),
            outputByteCount: 32
        )
    }
}
