import Crypto
import FoundationEssentials

/// Streaming age v1 encryption: header, nonce, then 64 KiB chunks, holding at most two chunks in memory.
enum AgeEncryptor {
    static func encrypt(
        from source: some AgeByteSource,
        to sink: inout some AgeByteSink,
        recipients: [AgeRecipient]
    ) throws {
        guard !recipients.isEmpty else {
            throw AgeError.missingKeys("missing recipients: encrypting needs at least one age1… recipient")
        }
        let fileKey = SymmetricKey(size: .bits128)
        let stanzas = try recipients.map { try X25519Stanza.wrap(fileKey: fileKey, to: $0) }
        let header = AgeHeader(stanzas: stanzas, fileKey: fileKey)
        let nonce = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        try sink.writeChunk(Data(header.encoded + nonce))

        var stream = PayloadStream(fileKey: fileKey, nonce: nonce)
        var reader = ByteReader(source)
        var chunk = try reader.readBytes(PayloadStream.chunkSize)
        while true {
            // A chunk is the last one when nothing follows it; a full last chunk gets no empty successor.
            let last = try chunk.count < PayloadStream.chunkSize || reader.isAtEnd()
            try sink.writeChunk(try stream.seal(Data(chunk), last: last))
            if last { return }
            chunk = try reader.readBytes(PayloadStream.chunkSize)
        }
    }
}
