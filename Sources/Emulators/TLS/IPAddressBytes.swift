#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The network-order bytes of a textual IP address, for a certificate's `iPAddress` names.
enum IPAddressBytes {
    /// 4 bytes for an IPv4 address, 16 for IPv6 (brackets allowed), nil for anything else (a DNS name).
    static func parse(_ text: String) -> [UInt8]? {
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, bare, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, bare, &v6) == 1 { return v6 }
        return nil
    }
}
