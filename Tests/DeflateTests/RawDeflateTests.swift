import Deflate
import Testing

@Suite struct RawDeflateTests {
    static let dictionary = Array(#"{"apiVersion":"runbeam.io/v1alpha1","kind":"Gateway","metadata":{"name":"gw-00001","namespace":"bench","uid":"ea57288c-4201-4402-b4f2-8e193fb578f4"},"spec":{"gatewayCode":"bench-gw-00001","suspend":false}}"#.utf8)
    static let similar = Array(#"{"apiVersion":"runbeam.io/v1alpha1","kind":"Gateway","metadata":{"name":"gw-00002","namespace":"bench","uid":"1c0b40fe-f0ad-877b-ddf0-913f79d858cc"},"spec":{"gatewayCode":"bench-gw-00002","suspend":false}}"#.utf8)

    @Test(arguments: [[UInt8](), Array("x".utf8), similar, Array(repeating: 7, count: 100_000), (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }])
    func roundTripsWithAndWithoutADictionary(_ text: [UInt8]) throws {
        for dictionary in [[], Self.dictionary] {
            let packed = RawDeflate.compress(text, dictionary: dictionary)
            #expect(try RawDeflate.decompress(packed, dictionary: dictionary, length: text.count) == text)
        }
    }

    @Test func aTextLikeTheDictionaryPacksToTheBytesThatDiffer() throws {
        let withDictionary = RawDeflate.compress(Self.similar, dictionary: Self.dictionary)
        let without = RawDeflate.compress(Self.similar, dictionary: [])
        // The name, the code and the uid differ: about 50 bytes of 207.
        #expect(withDictionary.count < Self.similar.count / 3)
        #expect(withDictionary.count * 2 < without.count)
    }

    @Test func aWrongDictionaryOrLengthOrCutBytesAreRefusedNotMisread() {
        let packed = RawDeflate.compress(Self.similar, dictionary: Self.dictionary)
        // Without its dictionary the back references point before the start of the stream.
        #expect(throws: RawDeflate.Error.self) { try RawDeflate.decompress(packed, dictionary: [], length: Self.similar.count) }
        #expect(throws: RawDeflate.Error.self) { try RawDeflate.decompress(packed, dictionary: Self.dictionary, length: Self.similar.count - 1) }
        #expect(throws: RawDeflate.Error.self) { try RawDeflate.decompress(packed, dictionary: Self.dictionary, length: Self.similar.count + 1) }
        #expect(throws: RawDeflate.Error.self) { try RawDeflate.decompress(Array(packed.dropLast(3)), dictionary: Self.dictionary, length: Self.similar.count) }
        #expect(throws: RawDeflate.Error.self) { try RawDeflate.decompress(packed + [0, 0], dictionary: Self.dictionary, length: Self.similar.count) }
    }
}
