@testable import Basics
import Foundation
@testable import GatewayAPI
import Testing
@testable import Operator

@Suite struct TimestampTests {
    @Test("millisecond timestamps survive parse → format for every millisecond value")
    func millisecondsRoundTrip() throws {
        // A fixed LCG so the run is repeatable; dates across 1970…2100 with every millisecond value.
        var state: UInt64 = 0x5EED
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let seconds = Double(state >> 33 % 4_102_444_800)
            let millis = Double((state >> 11) % 1000) / 1000
            let text = RFC3339.milliseconds(Date(timeIntervalSince1970: seconds.rounded(.down) + millis))
            let parsed = try #require(RFC3339.parse(text))
            #expect(RFC3339.milliseconds(parsed) == text)
        }
    }

    @Test func millisecondsKeepLeadingZeros() {
        #expect(RFC3339.milliseconds(Date(timeIntervalSince1970: 1_000_000_000.007)) == "2001-09-09T01:46:40.007Z")
        #expect(RFC3339.milliseconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }
}
