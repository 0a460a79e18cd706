import FoundationEssentials

/// age v1 encryption with X25519 recipients (c2sp.org/age), binary or ASCII-armored.
public enum Age {
    /// Encrypts `data` to every recipient; any one of their identities can decrypt it.
    public static func encrypt(_ data: Data, to recipients: [AgeRecipient], armor: Bool = false) throws -> Data {
        var sink = AgeDataSink()
        try encrypt(from: AgeDataSource(data), to: &sink, recipients: recipients, armor: armor)
        return sink.data
    }

    /// Decrypts a binary or armored age file with the first identity that matches.
    public static func decrypt(_ data: Data, with identities: [AgeIdentity]) throws -> Data {
        var sink = AgeDataSink()
        try decrypt(from: AgeDataSource(data), to: &sink, identities: identities)
        return sink.data
    }

    /// Encrypts everything `source` yields into `sink`, in 64 KiB chunks so memory stays flat.
    public static func encrypt(
        from source: some AgeByteSource,
        to sink: inout some AgeByteSink,
        recipients: [AgeRecipient],
        armor: Bool = false
    ) throws {
        if armor {
            var armored = ArmorWriter(sink)
            try AgeEncryptor.encrypt(from: source, to: &armored, recipients: recipients)
            sink = try armored.finish()
        } else {
            try AgeEncryptor.encrypt(from: source, to: &sink, recipients: recipients)
        }
    }

    /// Decrypts a binary or armored (detected) age file from `source` into `sink`, in 64 KiB chunks.
    ///
    /// Authenticated chunks are written as they are decrypted: if a later chunk fails, ``AgeError/payloadFailure(_:)``
    /// is thrown and what was already written must be discarded.
    public static func decrypt(
        from source: some AgeByteSource,
        to sink: inout some AgeByteSink,
        identities: [AgeIdentity]
    ) throws {
        var reader = ByteReader(source)
        if try Armor.isArmored(&reader) {
            var armored = ByteReader(ArmorReader(reader))
            try AgeDecryptor.decrypt(from: &armored, to: &sink, identities: identities)
        } else {
            try AgeDecryptor.decrypt(from: &reader, to: &sink, identities: identities)
        }
    }
}
