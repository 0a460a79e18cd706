import Age
import Foundation
@testable import GatewayCore
@testable import Runbeam
import Testing
@testable import Operator

@Suite struct PendingTokensTests {
    static func token(_ code: String, obtainedAt seconds: TimeInterval) -> PendingToken {
        let issued = Date(timeIntervalSince1970: 1_780_000_000 + seconds)
        let payload = MachineTokenPayload(
            machineToken: MachineToken("test-token-\(code)"), expiresAt: issued.addingTimeInterval(30 * 86_400), gatewayID: "1", gatewayCode: code, abilities: [],
            issuedAt: issued)
        return PendingToken(payload: payload, identity: AgeIdentity.generate(), apiURL: "https://api.runbeam.cloud/api", obtainedAt: issued)
    }

    @Test func keepsOnePerGatewayAndDropsTheOldestPastCapacity() {
        let tokens = PendingTokens(capacity: 2)
        tokens.keep(Self.token("a", obtainedAt: 10), for: "uid-a")
        tokens.keep(Self.token("b", obtainedAt: 5), for: "uid-b")
        tokens.keep(Self.token("a2", obtainedAt: 20), for: "uid-a")
        #expect(tokens.count == 2)
        #expect(tokens.token(for: "uid-a")?.payload.gatewayCode == "a2")
        tokens.keep(Self.token("c", obtainedAt: 30), for: "uid-c")
        #expect(tokens.count == 2)
        #expect(tokens.token(for: "uid-b") == nil, "the oldest issuance goes first")
        #expect(tokens.token(for: "uid-c") != nil)
    }

    @Test func removesOnlyTheTokenThatWasWritten() {
        let tokens = PendingTokens()
        let first = Self.token("a", obtainedAt: 1), second = Self.token("a", obtainedAt: 2)
        tokens.keep(second, for: "uid-a")
        tokens.remove(for: "uid-a", matching: first)
        #expect(tokens.token(for: "uid-a") == second)
        tokens.remove(for: "uid-a", matching: second)
        #expect(tokens.token(for: "uid-a") == nil)
    }

    @Test func descriptionsNeverShowTheToken() {
        let token = Self.token("prod", obtainedAt: 0)
        #expect(!token.description.contains("test-token"))
        #expect(!"\(token)".contains("AGE-SECRET-KEY"))
    }
}
