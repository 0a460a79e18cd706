import Age
import Crypto
import Foundation
import Testing

@Suite struct VectorTests {
    @Test func allVectorsArePresent() {
        #expect(TestVector.allNames.count == 67)
    }

    @Test(arguments: TestVector.allNames)
    func vector(_ name: String) throws {
        let vector = try TestVector(named: name)
        // A vector without identities (the empty file) must fail before any key is needed.
        let identities = vector.identities.isEmpty
            ? [AgeIdentity.generate()] : try vector.identities.map { try AgeIdentity(parsing: $0) }
        var sink = AgeDataSink()
        var failure: AgeError?
        do {
            try Age.decrypt(from: AgeDataSource(Data(try vector.ageFile())), to: &sink, identities: identities)
        } catch let error as AgeError {
            failure = error
        }
        if vector.expect == "success" {
            #expect(failure == nil, "\(name): \(failure?.description ?? "")")
        } else {
            let kind = try #require(failure, "\(name) decrypted but should fail with \(vector.expect)").kind
            #expect(kind.rawValue == vector.expect, "\(name): \(failure?.description ?? "")")
        }
        if let payload = vector.payloadSHA256 {
            let digest = SHA256.hash(data: sink.data).map { String(format: "%02x", $0) }.joined()
            #expect(digest == payload, "\(name): SHA-256 of the released plaintext")
        }
    }
}
