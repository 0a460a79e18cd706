import Basics
import Age
import Foundation
import TestSupport
import Testing

@Suite struct RoundTripTests {
    static let sizes = [0, 1, 65_535, 65_536, 65_537, 200_000]

    @Test(arguments: sizes, [false, true])
    func encryptsAndDecrypts(size: Int, armor: Bool) throws {
        let identity = AgeIdentity.generate()
        let plaintext = Fixtures.bytes(size)
        let file = try Age.encrypt(plaintext, to: [identity.recipient], armor: armor)
        #expect(try Age.decrypt(file, with: [identity]) == plaintext)
        if !armor {
            // Header, 16-byte nonce, then one tag per chunk: no empty chunk after a full last one.
            let chunks = max(1, (size + 65_535) / 65_536)
            let header = try #require(file.firstRange(of: Data("\n--- ".utf8))).upperBound + 44
            #expect(file.count == header + 16 + size + 16 * chunks)
        }
    }

    @Test func everyRecipientCanDecrypt() throws {
        let identities = (0..<3).map { _ in AgeIdentity.generate() }
        let file = try Age.encrypt(Data("shared".utf8), to: identities.map(\.recipient))
        for identity in identities {
            #expect(try Age.decrypt(file, with: [identity]) == Data("shared".utf8))
        }
        let stranger = AgeIdentity.generate()
        #expect(try Age.decrypt(file, with: [stranger, identities[2]]) == Data("shared".utf8))
        #expect(throws: AgeError.noMatchingIdentity) { try Age.decrypt(file, with: [stranger]) }
    }

    @Test func requiresKeys() {
        #expect(throws: AgeError.self) { try Age.encrypt(Data(), to: []) }
        let file = try? Age.encrypt(Data(), to: [AgeIdentity.generate().recipient])
        #expect(throws: AgeError.self) { try Age.decrypt(file ?? Data(), with: []) }
    }

    @Test func refusesALowOrderRecipient() throws {
        let recipient = try AgeRecipient(rawRepresentation: [UInt8](repeating: 0, count: 32))
        #expect(throws: AgeError.self) { try Age.encrypt(Data("x".utf8), to: [recipient]) }
    }

    @Test func detectsAModifiedHeader() throws {
        let identity = AgeIdentity.generate()
        var file = try Age.encrypt(Data("hello".utf8), to: [identity.recipient])
        // Add a grease stanza before the MAC line: the header still parses but the MAC no longer matches.
        let macLine = try #require(file.firstRange(of: Data("---".utf8)))
        file.insert(contentsOf: Data("-> grease\n\n".utf8), at: macLine.lowerBound)
        #expect(throws: AgeError.hmacFailure) { try Age.decrypt(file, with: [identity]) }
    }

    @Test func detectsModifiedTruncatedOrExtendedPayloads() throws {
        let identity = AgeIdentity.generate()
        let file = try Age.encrypt(Fixtures.bytes(70_000), to: [identity.recipient])
        var flipped = file
        flipped[flipped.count - 20] ^= 1
        var sink = AgeDataSink()
        #expect(throws: AgeError.self) { try Age.decrypt(from: AgeDataSource(flipped), to: &sink, identities: [identity]) }
        // The first, intact chunk was released before the failure.
        #expect(sink.data == Fixtures.bytes(70_000).prefix(65_536))
        #expect(throws: AgeError.self) { try Age.decrypt(file.dropLast(1), with: [identity]) }
        #expect(throws: AgeError.self) { try Age.decrypt(file + Data([0]), with: [identity]) }
        let kind = (try? Age.decrypt(file.dropLast(4_480), with: [identity])).map { _ in AgeError.Kind.noMatch }
        #expect(kind == nil)
    }

    @Test func streamsThroughSourcesThatReturnFewBytes() throws {
        let identity = AgeIdentity.generate()
        let plaintext = Fixtures.bytes(140_000, seed: 7)
        var encrypted = AgeDataSink()
        try Age.encrypt(from: TricklingSource(plaintext), to: &encrypted, recipients: [identity.recipient], armor: true)
        var decrypted = AgeDataSink()
        try Age.decrypt(from: TricklingSource(encrypted.data), to: &decrypted, identities: [identity])
        #expect(decrypted.data == plaintext)
    }

    @Test func streamsBetweenFiles() throws {
        let temporary = try TemporaryFolder(prefix: "age-tests")
        defer { temporary.remove() }
        let folder = temporary.url
        let identity = AgeIdentity.generate()
        let plaintext = Fixtures.bytes(300_000, seed: 3)
        let input = folder.appendingPathComponent("plain"), sealed = folder.appendingPathComponent("sealed")
        let output = folder.appendingPathComponent("opened")
        try plaintext.write(to: input)

        do {
            var sealedStream = try FileStream.writing(sealed.path)
            try Age.encrypt(from: try FileStream.reading(input.path), to: &sealedStream, recipients: [identity.recipient])
        }
        do {
            var outputStream = try FileStream.writing(output.path)
            try Age.decrypt(from: try FileStream.reading(sealed.path), to: &outputStream, identities: [identity])
        }
        #expect(try Data(contentsOf: output) == plaintext)
    }
}

/// A source that hands out at most 7 bytes per read, to exercise buffering.
private struct TricklingSource: AgeByteSource {
    var inner: AgeDataSource
    init(_ data: Data) { inner = AgeDataSource(data) }
    mutating func readChunk(upTo count: Int) throws -> Data { try inner.readChunk(upTo: min(count, 7)) }
}
