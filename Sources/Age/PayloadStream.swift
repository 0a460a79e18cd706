import Crypto
import FoundationEssentials

/// The STREAM construction of age's payload: 64 KiB ChaCha20-Poly1305 chunks with a counter nonce.
struct PayloadStream {
    /// Plaintext bytes per chunk.
    static let chunkSize = 64 * 1024
    /// Bytes of the Poly1305 tag after each chunk.
    static let tagSize = 16
    /// Ciphertext bytes of a full chunk.
    static let encryptedChunkSize = chunkSize + tagSize
    /// Bytes of the random nonce between the header and the first chunk.
    static let nonceSize = 16

    private let key: SymmetricKey
    private(set) var counter: UInt64 = 0

    init(fileKey: SymmetricKey, nonce: [UInt8]) {
        key = KeyDerivation.payloadKey(fileKey: fileKey, nonce: nonce)
    }

    /// Encrypts the next chunk.
    mutating func seal(_ plaintext: Data, last: Bool) throws -> Data {
        let box = try ChaChaPoly.seal(plaintext, using: key, nonce: nextNonce(last: last))
        counter += 1
        return box.ciphertext + box.tag
    }

    /// Decrypts and authenticates the next chunk.
    mutating func open(_ chunk: [UInt8], last: Bool) throws(AgeError) -> Data {
        guard chunk.count >= Self.tagSize else {
            throw .payloadFailure("chunk \(counter) is shorter than its authentication tag")
        }
        let split = chunk.count - Self.tagSize
        guard let box = try? ChaChaPoly.SealedBox(nonce: nextNonce(last: last), ciphertext: chunk[..<split], tag: chunk[split...]),
              let plaintext = try? ChaChaPoly.open(box, using: key)
        else {
            throw .payloadFailure("chunk \(counter) failed to authenticate: the file is corrupted or truncated")
        }
        counter += 1
        return plaintext
    }

    /// An 11-byte big-endian counter followed by the last-chunk flag.
    private func nextNonce(last: Bool) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 { bytes[10 - index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
        bytes[11] = last ? 1 : 0
        // Twelve bytes is the one length ChaChaPoly.Nonce checks.
        return try! ChaChaPoly.Nonce(data: bytes)
    }
}
