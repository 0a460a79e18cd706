/// Bech32 (BIP 173, checksum constant 1) without the 90-character limit, as age uses it.
enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// Encodes `data` with the human-readable part `hrp`, in lower case.
    static func encode(hrp: String, data: [UInt8]) -> String {
        let hrpBytes = Array(hrp.lowercased().utf8)
        let values = convertBits(data, from: 8, to: 5, pad: true) ?? []
        let checksum = makeChecksum(hrp: hrpBytes, values: values)
        let body = (values + checksum).map { charset[Int($0)] }
        return String(decoding: hrpBytes + [UInt8(ascii: "1")] + body, as: UTF8.self)
    }

    /// Decodes a Bech32 string; the returned human-readable part keeps the case of the input.
    static func decode(_ string: String) throws(AgeError) -> (hrp: String, data: [UInt8]) {
        let bytes = Array(string.utf8)
        guard bytes.allSatisfy({ (33...126).contains($0) }) else {
            throw .invalidKey("Bech32 string contains a character outside printable ASCII")
        }
        let hasLower = bytes.contains { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        let hasUpper = bytes.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        guard !(hasLower && hasUpper) else { throw .invalidKey("Bech32 string mixes upper and lower case") }
        guard let separator = bytes.lastIndex(of: UInt8(ascii: "1")), separator >= 1, separator + 7 <= bytes.count else {
            throw .invalidKey("Bech32 separator '1' is missing or misplaced")
        }
        let lowered = bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
        var values: [UInt8] = []
        values.reserveCapacity(bytes.count - separator - 1)
        for byte in lowered[(separator + 1)...] {
            guard let index = charset.firstIndex(of: byte) else {
                throw .invalidKey("Bech32 data contains a character outside the Bech32 alphabet")
            }
            values.append(UInt8(index))
        }
        guard polymod(expandHRP(Array(lowered[..<separator])) + values) == 1 else {
            throw .invalidKey("Bech32 checksum does not match: the key was mistyped or truncated")
        }
        guard let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else {
            throw .invalidKey("Bech32 data has invalid padding")
        }
        return (String(decoding: bytes[..<separator], as: UTF8.self), data)
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 {
                checksum ^= generator[bit]
            }
        }
        return checksum
    }

    private static func expandHRP(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func makeChecksum(hrp: [UInt8], values: [UInt8]) -> [UInt8] {
        let mod = polymod(expandHRP(hrp) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8((mod >> (5 * (5 - UInt32($0)))) & 31) }
    }

    /// Regroups bits; without padding, leftover bits must be fewer than `from` and all zero.
    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        let maxValue = (1 << to) - 1
        var result: [UInt8] = []
        result.reserveCapacity(data.count * from / to + 1)
        for value in data {
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                result.append(UInt8((accumulator >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { result.append(UInt8((accumulator << (to - bits)) & maxValue)) }
        } else if bits >= from || (accumulator << (to - bits)) & maxValue != 0 {
            return nil
        }
        return result
    }
}
