import Crypto
import FoundationEssentials

/// Streaming age v1 decryption of binary files, holding about one chunk in memory.
///
/// Plaintext is written chunk by chunk as each is authenticated, so on a payload failure the sink
/// holds the chunks before the bad one: callers that need all-or-nothing must discard it.
enum AgeDecryptor {
    static func decrypt(
        from reader: inout ByteReader<some AgeByteSource>,
        to sink: inout some AgeByteSink,
        identities: [AgeIdentity]
    ) throws {
        guard !identities.isEmpty else {
            throw AgeError.missingKeys("missing identities: decrypting needs at least one AGE-SECRET-KEY-1… identity")
        }
        let header = try AgeHeader(reading: &reader)
        let fileKey = try unwrapFileKey(header.stanzas, identities: identities)
        try header.verifyMAC(fileKey: fileKey)

        let nonce = try reader.readBytes(PayloadStream.nonceSize)
        guard nonce.count == PayloadStream.nonceSize else {
            throw AgeError.headerFailure("the file ends before the 16-byte payload nonce")
        }
        var stream = PayloadStream(fileKey: fileKey, nonce: nonce)
        while true {
            let chunk = try reader.readBytes(PayloadStream.encryptedChunkSize)
            guard !chunk.isEmpty else {
                throw AgeError.payloadFailure(
                    stream.counter == 0 ? "the payload has no chunk: the file is truncated"
                        : "the final chunk is missing: the file is truncated"
                )
            }
            // A short chunk can only be the last; a full one is tried as a middle chunk first.
            let plaintext: Data
            let last: Bool
            if chunk.count < PayloadStream.encryptedChunkSize {
                plaintext = try stream.open(chunk, last: true)
                last = true
            } else if let middle = try? stream.open(chunk, last: false) {
                plaintext = middle
                last = false
            } else {
                plaintext = try stream.open(chunk, last: true)
                last = true
            }
            if last, plaintext.isEmpty, stream.counter > 1 {
                throw AgeError.payloadFailure("the last chunk is empty: the file was not written by a conforming encoder")
            }
            try sink.writeChunk(plaintext)
            if last {
                guard try reader.isAtEnd() else {
                    throw AgeError.payloadFailure("trailing data after the final chunk")
                }
                return
            }
        }
    }

    /// Tries every identity on every stanza; malformed X25519 stanzas fail even when another would match.
    private static func unwrapFileKey(_ stanzas: [AgeStanza], identities: [AgeIdentity]) throws(AgeError) -> SymmetricKey {
        for identity in identities {
            for stanza in stanzas {
                if let fileKey = try X25519Stanza.unwrap(stanza, with: identity) { return fileKey }
            }
        }
        throw .noMatchingIdentity
    }
}
