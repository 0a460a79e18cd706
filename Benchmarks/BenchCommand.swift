import ArgumentParser
import Foundation

/// `runbeam-bench`: runs the release-built operator as its own process against emulator processes and
/// prints one machine-readable line per figure.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbeam-bench",
        abstract: "Benchmarks of the runbeam-operator binary against the emulators.",
        subcommands: [
            AllCommand.self, IdleCommand.self, ColdStartCommand.self, LiveCreationCommand.self, APICostCommand.self, RenewalSpreadCommand.self,
            BaselineCommand.self,
        ])
}

/// Options every scenario takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The runbeam-operator binary (default: the one beside runbeam-bench).")
    var `operator`: String?

    @Option(name: .long, help: "Seconds to wait for the operator before failing.")
    var timeout: Int = 600

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func binary() throws -> URL { try OperatorBinary.locate(explicit: `operator`) }
}

/// Runs `body`, printing its lines, or prints the error and exits 1.
func report(_ scenario: String, _ body: () async throws -> [String]) async throws {
    do {
        for line in try await body() { print(line) }
    } catch {
        FileHandle.standardError.write(Data("runbeam-bench: \(scenario): \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// `runbeam-bench idle`: scenario 0.
struct IdleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "The operator with no Gateway, once it watches: resident memory, the part of it that is the binary, the binary's size.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let binary = try common.binary()
        try await report("idle") { try await Idle(operatorBinary: binary).run().lines }
    }
}

/// `runbeam-bench cold-start`: scenario 1.
struct ColdStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cold-start",
        abstract: "N Gateways exist before the operator starts; time until all are Ready, peak RSS, CPU seconds, API requests.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Number of Gateways created before the operator starts.")
    var gateways: Int = 100

    @Flag(name: .long, help: "Give each Gateway a Deployment to restart.")
    var rolloutTargets = false

    @Option(name: .long, help: "How many times to run the scenario (each run prints its own lines).")
    var runs: Int = 1

    func validate() throws {
        guard gateways > 0, runs > 0 else { throw ValidationError("--gateways and --runs must be positive") }
    }

    func run() async throws {
        let binary = try common.binary()
        for _ in 0..<runs {
            try await report("cold-start") {
                try await ColdStart(gateways: gateways, rolloutTargets: rolloutTargets, operatorBinary: binary).run(timeout: .seconds(common.timeout)).lines
            }
        }
    }
}

/// `runbeam-bench live-creation`: scenario 2.
struct LiveCreationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-creation",
        abstract: "With N Gateways Ready, create more at a steady rate; p50/p99 latency from create to Secret.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Gateways Ready before the measured creates.")
    var existing: Int = 1_000

    @Option(name: .long, help: "Gateways created while measuring.")
    var created: Int = 1_000

    @Option(name: .long, help: "Creates per second.")
    var rate: Double = 100

    func validate() throws {
        guard existing >= 0, created > 0, rate > 0 else { throw ValidationError("--existing must be 0 or more, --created and --rate positive") }
    }

    func run() async throws {
        let binary = try common.binary()
        try await report("live-creation") {
            try await LiveCreation(existing: existing, created: created, rate: rate, operatorBinary: binary).run(timeout: .seconds(common.timeout)).lines
        }
    }
}

/// `runbeam-bench api-cost`: scenario 3.
struct APICostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-cost",
        abstract: "Kubernetes requests and writes per first issuance, per renewal, and in a compressed steady state.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Gateways, each with one Deployment to restart.")
    var gateways: Int = 100

    @Option(name: .long, help: "Seconds of steady state, during which every watch is ended and every watch relists.")
    var steadySeconds: Int = 30

    @Option(name: .long, help: "Token lifetime in seconds (renewal comes due at about two thirds of it).")
    var tokenLifetime: Int = 90

    func validate() throws {
        guard gateways > 0, steadySeconds >= 3, tokenLifetime >= 30 else {
            throw ValidationError("--gateways must be positive, --steady-seconds at least 3, --token-lifetime at least 30")
        }
    }

    func run() async throws {
        let binary = try common.binary()
        try await report("api-cost") {
            try await APICost(gateways: gateways, steadySeconds: steadySeconds, tokenLifetimeSeconds: tokenLifetime, operatorBinary: binary)
                .run(timeout: .seconds(common.timeout)).lines
        }
    }
}

/// `runbeam-bench renewal-spread`: scenario 4.
struct RenewalSpreadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renewal-spread",
        abstract: "Issue N 30-day tokens in a cold start; the busiest minute of their renewal schedule against the mean.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Tokens issued together.")
    var tokens: Int = 10_000

    func validate() throws {
        guard tokens > 0 else { throw ValidationError("--tokens must be positive") }
    }

    func run() async throws {
        let binary = try common.binary()
        try await report("renewal-spread") {
            let start = try await ColdStart(gateways: tokens, operatorBinary: binary).run(timeout: .seconds(common.timeout))
            return start.lines + (try RenewalSpread(gateways: start.readyGateways).lines)
        }
    }
}

/// `runbeam-bench baseline`: scenario 5.
struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "The scripted baseline (curl, jq, age-keygen, kubectl) against the operator, per Gateway, at N Gateways.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Gateways, each with one Deployment to restart.")
    var gateways: Int = 100

    func validate() throws {
        guard gateways > 0 else { throw ValidationError("--gateways must be positive") }
    }

    func run() async throws {
        let binary = try common.binary()
        try await report("baseline") {
            let comparison = try await BaselineComparison.run(gateways: gateways, operatorBinary: binary, timeout: .seconds(common.timeout))
            return comparison.lines
        }
    }
}
