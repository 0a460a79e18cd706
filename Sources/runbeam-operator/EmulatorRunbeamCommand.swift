import Basics
import ArgumentParser
import Emulators
import FoundationEssentials

/// `runbeam-operator emulator runbeam`: an in-memory Runbeam Cloud until SIGTERM/SIGINT.
struct EmulatorRunbeamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbeam",
        abstract: "Run the Runbeam Cloud emulator until SIGTERM or SIGINT.",
        discussion: """
            Serves POST /api/harmony/authorize, GET /api/gateways[/CODE] and the control endpoint \
            /emulator/v1/ (faults, request log, token counters). Without --credential it creates one \
            development credential and prints it.

            A credential is a Sanctum API token, ID|SECRET (digits, a bar, a non-empty secret), or a \
            JWT, HEADER.PAYLOAD.SIGNATURE (three non-empty parts); prefix TEAM= to put the gateways \
            it creates in that team (letters, digits, - and _). Any other form is refused at start-up, \
            since Runbeam Cloud would refuse it on every request.

            Examples:
              runbeam-operator emulator runbeam --listen 127.0.0.1:8090
              runbeam-operator emulator runbeam --token-lifetime 30s --credential '1|dev'
              runbeam-operator emulator runbeam --credential 'ops=2|ops-secret'
            """
    )

    @Option(name: .long, help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: String = "127.0.0.1:0"

    @Option(name: .long, help: "Accept this credential: ID|SECRET or a JWT, optionally TEAM=… (repeatable; team \"default\" when omitted).")
    var credential: [String] = []

    @Option(name: .long, help: "Lifetime of issued machine tokens, e.g. 30s, 5m, 720h, 30d.")
    var tokenLifetime: String = "30d"

    func validate() throws {
        guard EmulatorKubernetesCommand.split(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:0") }
        guard let lifetime = Self.parseDuration(tokenLifetime), lifetime > .zero else {
            throw ValidationError("--token-lifetime must be a positive duration such as 30s, 5m, 720h or 30d")
        }
        for (index, text) in credential.enumerated() where !Self.parseCredential(text).isWellFormed {
            // The value is a secret: the message names the option by position, never by value.
            throw ValidationError(
                "--credential #\(index + 1) is neither a Sanctum API token (ID|SECRET, e.g. 1|dev-secret) nor a JWT "
                    + "(HEADER.PAYLOAD.SIGNATURE); give TOKEN or TEAM=TOKEN")
        }
    }

    func run() async throws {
        guard let (host, port) = EmulatorKubernetesCommand.split(listen), let lifetime = Self.parseDuration(tokenLifetime) else {
            throw ValidationError("--listen must be HOST:PORT and --token-lifetime a duration")
        }
        let signals = SignalWaiter()
        var credentials = credential.map(Self.parseCredential)
        var created: RunbeamCloudCredential?
        if credentials.isEmpty {
            let development = RunbeamCloudCredential.sanctum(id: 1, team: "default")
            credentials = [development]
            created = development
        }
        let emulator = try await RunbeamCloudEmulator.start(.init(host: host, port: port, credentials: credentials, tokenLifetime: lifetime))
        var banner = "Runbeam Cloud emulator listening on \(emulator.apiBaseURL)\n"
        if let created { banner += "development credential (team default): \(created.value)\n" }
        FileStream.standardOutput.write(banner)
        let signal = await signals.wait()
        await emulator.shutdown()
        FileStream.standardOutput.write("stopped on \(signal)\n")
    }

    /// `TEAM=TOKEN` or `TOKEN`.
    static func parseCredential(_ text: String) -> RunbeamCloudCredential {
        if let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex {
            let team = text[..<equals]
            if team.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                return RunbeamCloudCredential(value: String(text[text.index(after: equals)...]), team: String(team))
            }
        }
        return RunbeamCloudCredential(value: text, team: "default")
    }

    /// `90s`, `5m`, `720h`, `30d` or combinations such as `1h30m`; nil if malformed.
    static func parseDuration(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var total: Int64 = 0
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let value = Int64(digits) {
                let (product, overflow) = value.multipliedReportingOverflow(by: unit)
                guard !overflow else { return nil }
                total += product
                digits = ""
            } else {
                return nil
            }
        }
        guard digits.isEmpty, !text.isEmpty else { return nil }
        return .seconds(total)
    }
}
