import Foundation

/// Keys and helpers shared by the Age tests.
enum Fixtures {
    /// The identity of the CCTV vectors, and its recipient as `age-keygen -y` prints it.
    static let vectorIdentity = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
    static let vectorRecipient = "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"

    /// Deterministic, non-repeating bytes of `count` length.
    static func bytes(_ count: Int, seed: UInt32 = 1) -> Data {
        var state = seed
        var data = Data(count: count)
        for index in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            data[index] = UInt8(truncatingIfNeeded: state >> 24)
        }
        return data
    }
}
