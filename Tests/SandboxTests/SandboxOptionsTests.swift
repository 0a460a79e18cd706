import Sandbox
import Testing

@Suite struct SandboxOptionsTests {
    @Test func defaultsCompressThirtyDaysIntoThirtySeconds() throws {
        let options = SandboxOptions()
        #expect(options.gateways == 3)
        #expect(options.runsController)
        #expect(options.namespace == "harmony")
        #expect(options.tokenLifetime == .seconds(30))
        try options.validate()
    }

    @Test func lifetimeIsThirtyDaysOverTheScale() {
        #expect(SandboxOptions(timeScale: 864_000).tokenLifetime == .seconds(3))
        #expect(SandboxOptions(timeScale: 1).tokenLifetime == .seconds(30 * 86_400))
        #expect(SandboxOptions(timeScale: 28_800).tokenLifetime == .seconds(90))
    }

    @Test(arguments: [0, -1, 51])
    func gatewayCountOutOfRangeIsRefused(_ count: Int) {
        #expect {
            try SandboxOptions(gateways: count).validate()
        } throws: { error in
            (error as? SandboxError).map { "\($0)".contains("--gateways must be between 1 and 50, found \(count)") } ?? false
        }
    }

    @Test(arguments: [0, 0.5, 1_000_000, Double.nan, Double.infinity])
    func timeScaleOutOfRangeIsRefused(_ scale: Double) {
        #expect {
            try SandboxOptions(timeScale: scale).validate()
        } throws: { error in
            (error as? SandboxError).map { "\($0)".hasPrefix("--time-scale must be between 1 (real time) and 864000") } ?? false
        }
    }
}
