import ArgumentParser
import Foundation

/// `runbeam-bench`: runs the release-built operator as its own process against emulator processes and
/// prints one machine-readable line per figure.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbeam-bench",
        abstract: "Benchmarks of the runbeam-operator binary against the emulators.",
        subcommands: [ColdStartCommand.self])
}

/// `runbeam-bench cold-start`: scenario 1.
struct ColdStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cold-start",
        abstract: "N Gateways exist before the operator starts; time until all are Ready, peak RSS, CPU seconds, API requests.")

    @Option(name: .long, help: "Number of Gateways created before the operator starts.")
    var gateways: Int = 100

    @Option(name: .long, help: "The runbeam-operator binary (default: the one beside runbeam-bench).")
    var `operator`: String?

    @Option(name: .long, help: "How many times to run the scenario (each run prints its own lines).")
    var runs: Int = 1

    @Option(name: .long, help: "Seconds to wait for every Gateway to be Ready before failing.")
    var timeout: Int = 600

    func validate() throws {
        guard gateways > 0, runs > 0, timeout > 0 else { throw ValidationError("--gateways, --runs and --timeout must be positive") }
    }

    func run() async throws {
        let binary = try OperatorBinary.locate(explicit: `operator`)
        for _ in 0..<runs {
            do {
                let result = try await ColdStart(gateways: gateways, operatorBinary: binary).run(timeout: .seconds(timeout))
                for line in result.lines { print(line) }
            } catch {
                FileHandle.standardError.write(Data("runbeam-bench: cold-start: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
