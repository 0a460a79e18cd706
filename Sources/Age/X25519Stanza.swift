import Crypto
import FoundationEssentials

/// Wrapping and unwrapping the file key in `-> X25519` stanzas.
enum X25519Stanza {
    static let type = "X25519"
    /// Twelve zero bytes: each wrap key is used once, so a fixed nonce is safe.
    private static var zeroNonce: ChaChaPoly.Nonce {
        // Twelve bytes is the one length ChaChaPoly.Nonce checks.
        try! ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))
    }

    /// Wraps `fileKey` to `recipient` with a fresh ephemeral key.
    static func wrap(fileKey: SymmetricKey, to recipient: AgeRecipient) throws -> AgeStanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = Array(ephemeral.publicKey.rawRepresentation)
        let shared = try ephemeral.sharedSecretFromKeyAgreement(with: recipient.publicKey).withUnsafeBytes { Array($0) }
        guard !isAllZero(shared) else {
            throw AgeError.invalidKey("the recipient is a low-order point and cannot be encrypted to")
        }
        let wrapKey = KeyDerivation.x25519WrapKey(sharedSecret: shared, share: share, recipient: recipient.rawRepresentation)
        let sealed = try ChaChaPoly.seal(fileKey.withUnsafeBytes { Data($0) }, using: wrapKey, nonce: zeroNonce)
        return AgeStanza(
            type: type,
            arguments: [StrictBase64.encodeString(share, padded: false)],
            body: Array(sealed.ciphertext) + Array(sealed.tag)
        )
    }

    /// Unwraps the file key from `stanza` with `identity`.
    ///
    /// Returns nil when the stanza is not an X25519 stanza or was made for another recipient;
    /// throws a header failure when the stanza is malformed or the shared secret is all zeros.
    static func unwrap(_ stanza: AgeStanza, with identity: AgeIdentity) throws(AgeError) -> SymmetricKey? {
        guard stanza.type == type else { return nil }
        let share = try validatedShare(of: stanza)
        guard let publicKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: share),
              let secret = try? identity.privateKey.sharedSecretFromKeyAgreement(with: publicKey)
        else {
            throw .headerFailure("invalid X25519 share")
        }
        let shared = secret.withUnsafeBytes { Array($0) }
        guard !isAllZero(shared) else {
            throw .headerFailure("the X25519 share gives the all-zero shared secret (low-order point)")
        }
        let wrapKey = KeyDerivation.x25519WrapKey(
            sharedSecret: shared, share: share, recipient: identity.recipient.rawRepresentation
        )
        let body = stanza.body
        guard let box = try? ChaChaPoly.SealedBox(nonce: zeroNonce, ciphertext: body[..<16], tag: body[16...]),
              let fileKey = try? ChaChaPoly.open(box, using: wrapKey)
        else {
            return nil
        }
        return SymmetricKey(data: fileKey)
    }

    /// Checks the stanza's shape: one canonical base64 argument of 32 bytes and a 32-byte body.
    private static func validatedShare(of stanza: AgeStanza) throws(AgeError) -> [UInt8] {
        guard stanza.arguments.count == 1 else {
            throw .headerFailure("an X25519 stanza has exactly one argument")
        }
        guard let share = StrictBase64.decode(Array(stanza.arguments[0].utf8), padded: false), share.count == 32 else {
            throw .headerFailure("the X25519 share is not a canonical base64 32-byte value")
        }
        guard stanza.body.count == 32 else {
            throw .headerFailure("the X25519 stanza body is not 32 bytes (a 16-byte file key and its tag)")
        }
        return share
    }

    /// Checks every byte, without an early exit, so timing does not depend on the secret.
    private static func isAllZero(_ bytes: [UInt8]) -> Bool {
        bytes.reduce(0) { $0 | $1 } == 0
    }
}
