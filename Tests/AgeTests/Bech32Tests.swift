@testable import Age
import Testing

@Suite struct Bech32Tests {
    @Test(arguments: [
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    ])
    func acceptsBIP173ValidStrings(_ string: String) throws {
        let (hrp, _) = try Bech32.decode(string)
        #expect(string.hasPrefix(hrp))
    }

    @Test(arguments: [
        "pzry9x0s0muk",       // no separator
        "1pzry9x0s0muk",      // empty human-readable part
        "x1b4n0q5v",          // invalid data character
        "li1dgmt3",           // checksum too short
        "A1G7SGD8",           // wrong checksum
        "a12UEL5L",           // mixed case
        "abc 1qqqqqqq",       // space
    ])
    func rejectsBIP173InvalidStrings(_ string: String) {
        #expect(throws: AgeError.self) { try Bech32.decode(string) }
    }

    @Test func roundTripsBytes() throws {
        let data: [UInt8] = (0..<32).map { UInt8($0 * 7) }
        let encoded = Bech32.encode(hrp: "age", data: data)
        let (hrp, decoded) = try Bech32.decode(encoded)
        #expect(hrp == "age")
        #expect(decoded == data)
        #expect(encoded.count == 62)
    }

    @Test func rejectsNonZeroPadding() throws {
        // 32 bytes take 52 five-bit groups with 4 bits of padding; set the lowest padding bit.
        let encoded = Array(Bech32.encode(hrp: "age", data: [UInt8](repeating: 0, count: 32)).utf8)
        let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
        var values = encoded[4...].map { UInt8(charset.firstIndex(of: $0)!) }
        values[51] |= 1
        let body = values.dropLast(6).map { charset[Int($0)] }
        // Recompute a valid checksum for the altered data by encoding 5-bit values directly.
        let tampered = String(decoding: Array("age1".utf8) + body + checksum(hrp: "age", values: Array(values.dropLast(6))).map { charset[Int($0)] }, as: UTF8.self)
        #expect(throws: AgeError.invalidKey("Bech32 data has invalid padding")) { try Bech32.decode(tampered) }
    }

    private func checksum(hrp: String, values: [UInt8]) -> [UInt8] {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        let hrpBytes = Array(hrp.utf8)
        var checksum: UInt32 = 1
        for value in hrpBytes.map({ $0 >> 5 }) + [0] + hrpBytes.map({ $0 & 31 }) + values + [0, 0, 0, 0, 0, 0] {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 { checksum ^= generator[bit] }
        }
        checksum ^= 1
        return (0..<6).map { UInt8((checksum >> (5 * (5 - UInt32($0)))) & 31) }
    }
}
