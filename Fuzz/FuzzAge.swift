import Age
import Foundation

/// The identity of most C2SP CCTV age vectors, so seeds from the vectors reach the payload.
private let identity = try! AgeIdentity(parsing: "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0")

/// Decrypts the input as an age file (binary or armored, detected), then reads it as text the
/// ways keys arrive: an identity, a recipient, a key file, and Harmony's key formats. Every
/// rejection must be an ``AgeError``; only crashes, leaks and hangs are findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAge(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: bytes, count: size)
    do {
        let plaintext = try Age.decrypt(input, with: [identity])
        // What decrypts must survive a round trip to the same identity.
        let again = try Age.decrypt(try Age.encrypt(plaintext, to: [identity.recipient], armor: size % 2 == 0), with: [identity])
        guard again == plaintext else { fatalError("an encrypt/decrypt round trip changed the plaintext") }
    } catch is AgeError {
    } catch {
        fatalError("Age.decrypt threw a non-AgeError: \(error)")
    }
    _ = try? AgeKeyFile.parseIdentities(input)
    guard let text = String(data: input, encoding: .utf8) else { return 0 }
    if let parsed = try? AgeIdentity(parsing: text) {
        guard (try? AgeIdentity(parsing: parsed.secretKeyString)) == parsed else { fatalError("an identity does not round-trip") }
    }
    if let recipient = try? AgeRecipient(parsing: text) {
        guard (try? AgeRecipient(parsing: recipient.description)) == recipient else { fatalError("a recipient does not round-trip") }
    }
    if let harmony = try? AgeIdentity(harmonyValue: text) {
        for format in HarmonyKeyFormat.allCases {
            guard (try? AgeIdentity(harmonyValue: harmony.harmonyValue(format))) == harmony else {
                fatalError("a Harmony key value does not round-trip in format \(format)")
            }
        }
    }
    return 0
}
