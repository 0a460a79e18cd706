import NIOCore

/// IP address literals as bytes in network order (4 for IPv4, 16 for IPv6), for comparing an address
/// with a certificate's IP names or a `no_proxy` network.
enum IPAddressBytes {
    static func of(_ address: String) -> [UInt8]? {
        switch try? SocketAddress(ipAddress: address, port: 0) {
        case .v4(let v4): return withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6): return withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        default: return nil
        }
    }

    /// Whether `address` lies in the network written `prefix/bits` (`10.0.0.0/8`, `fd00::/8`).
    static func address(_ address: String, isIn network: String) -> Bool {
        let parts = network.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let bits = Int(parts[1]), let prefix = of(String(parts[0])), let bytes = of(address),
              prefix.count == bytes.count, (0...bytes.count * 8).contains(bits)
        else { return false }
        for index in 0..<bytes.count {
            let remaining = bits - index * 8
            if remaining <= 0 { break }
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if bytes[index] & mask != prefix[index] & mask { return false }
        }
        return true
    }
}
