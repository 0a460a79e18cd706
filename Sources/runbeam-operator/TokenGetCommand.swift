import Glibc
import Basics
import Age
import ArgumentParser
import Basics
import FoundationEssentials
import GatewayAPI
import HTTP
import Logging
import Operator
import Runbeam
import RunbeamCloud

/// `runbeam-operator token get`: obtains a machine token and prints the payload Harmony reads.
struct TokenGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Obtain a machine token for a gateway and print the RUNBEAM_MACHINE_TOKEN payload.",
        discussion: """
            The credential (a Sanctum API token or a user JWT) is read from the RUNBEAM_API_TOKEN \
            environment variable or from --credential-file, never from an argument. The gateway is \
            created in the credential's team if it does not exist yet.

            Exit status: 0 success, 64 usage or credential missing, 65 request rejected (422, \
            unexpected status), 75 rate limited or unavailable, 76 malformed response, 77 credential \
            rejected (401, 403).

            Examples:
              RUNBEAM_API_TOKEN=… runbeam-operator token get -g prod-gateway
              runbeam-operator token get -g prod --credential-file cred --raw | jq .
              runbeam-operator token get -g prod --encrypt-to age1… --armor > t.age
            """
    )

    @Option(name: [.customShort("g"), .customLong("gateway-code")], help: "The gateway code.")
    var gatewayCode: String

    @Option(name: .customLong("api-url"), help: "The Runbeam Cloud API base URL (default: RUNBEAM_API_URL or https://api.runbeam.cloud/api).")
    var apiURL: String?

    @Option(name: .customLong("credential-file"), help: "Read the credential from this file (\"-\" for stdin) instead of RUNBEAM_API_TOKEN.")
    var credentialFile: String?

    @Flag(name: .long, help: "Print only the single-line JSON payload.")
    var raw = false

    @Option(name: .customLong("encrypt-to"), help: "Encrypt the payload to this age1… recipient (repeatable).")
    var encryptTo: [String] = []

    @Flag(name: .long, help: "With --encrypt-to, write PEM-armored text instead of binary.")
    var armor = false

    @Option(name: .customLong("ca-file"), help: "PEM file of CA certificates that replace the system trust store.")
    var caFile: String?

    @Option(name: .long, help: "Seconds to wait for Runbeam Cloud.")
    var timeout: Int = 30

    @Flag(name: .long, help: "Log each step to stderr.")
    var verbose = false

    func validate() throws {
        guard GatewayConstraints.isGatewayCode(gatewayCode) else {
            throw ValidationError(
                "-g \(GatewayConstraints.quoted(gatewayCode)) is not a gateway code: lower-case letters, digits, '-', '_' and '.', "
                    + "starting and ending with a letter or digit, at most \(GatewayConstraints.gatewayCodeMaxLength) characters "
                    + "(\(GatewayConstraints.gatewayCodePattern))")
        }
        if armor, encryptTo.isEmpty { throw ValidationError("--armor only applies with --encrypt-to") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let apiBase: RunbeamAPIURL
        do {
            let fromEnvironment = environment["RUNBEAM_API_URL"].flatMap { $0.isEmpty ? nil : $0 }
            apiBase = try RunbeamAPIURL(apiURL ?? fromEnvironment ?? RunbeamAPIURL.default.string)
        } catch {
            throw fail(error.description, TokenExitStatus.usage)
        }
        var recipients: [AgeRecipient] = []
        for text in encryptTo {
            do {
                recipients.append(try AgeRecipient(parsing: text))
            } catch {
                throw fail("--encrypt-to: \(error.description)", TokenExitStatus.usage)
            }
        }
        if !recipients.isEmpty, !armor, isatty(STDOUT_FILENO) == 1 {
            throw fail("refusing to write binary age output to a terminal; add --armor or redirect stdout", TokenExitStatus.usage)
        }
        let credential = try readCredential(environment: environment)

        var logger = Logger(label: "runbeam-operator.token") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .critical
        var configuration = HTTPClientConfiguration()
        if let caFile { configuration.tls.certificateAuthority = .file(caFile) }
        configuration.timeouts.request = .seconds(timeout)
        let client = RunbeamClient(
            apiBaseURL: apiBase, configuration: configuration,
            userAgent: RunbeamUserAgent(version: OperatorVersion.current), timeout: .seconds(timeout), logger: logger
        )
        let response: AuthorizeResponse
        do {
            response = try await client.authorize(gatewayCode: gatewayCode, credential: credential)
        } catch {
            throw fail(error.description, TokenExitStatus.forError(error))
        }
        let issuedAt = Date()
        let payload = response.payload(issuedAt: issuedAt)
        if !raw { FileStream.standardError.write(summary(response, issuedAt: issuedAt)) }
        if recipients.isEmpty {
            FileStream.standardOutput.write((payload.jsonString + "\n"))
        } else {
            do {
                try FileStream.standardOutput.write(contentsOf: try Age.encrypt(payload.jsonData, to: recipients, armor: armor))
            } catch {
                throw fail("encryption failed: \(error)", .failure)
            }
        }
    }

    private func readCredential(environment: [String: String]) throws -> RunbeamCredential {
        let text: String
        if let credentialFile {
            let handle: FileStream? = credentialFile == "-" ? .standardInput : try? FileStream.reading(credentialFile)
            guard let handle, let data = try? handle.readToEnd(), let contents = String(data: data, encoding: .utf8) else {
                throw fail("cannot read --credential-file \"\(credentialFile)\"; check that it exists and is readable", TokenExitStatus.usage)
            }
            text = contents
        } else if let value = environment["RUNBEAM_API_TOKEN"] {
            text = value
        } else {
            throw fail("no credential: set RUNBEAM_API_TOKEN or pass --credential-file (never on the command line)", TokenExitStatus.usage)
        }
        do {
            return try RunbeamCredential(text)
        } catch {
            throw fail(error.description, TokenExitStatus.usage)
        }
    }

    private func summary(_ response: AuthorizeResponse, issuedAt: Date) -> String {
        let days = Int((response.expiresAt.timeIntervalSince(issuedAt) / 86_400).rounded())
        let abilities = response.abilities.isEmpty ? "none" : response.abilities.joined(separator: ", ")
        var text = "Machine token issued for gateway \(response.gateway.code) (\(response.gateway.name), id \(response.gateway.id))\n"
        text += "  expires \(RFC3339.seconds(response.expiresAt)) (in about \(days) days), abilities: \(abilities)\n"
        if let user = response.gateway.authorizedBy?.name { text += "  authorized by \(user)\n" }
        return text
    }

    private func fail(_ message: String, _ status: ExitCode) -> ExitCode {
        FileStream.standardError.write("runbeam-operator: error: \(message)\n")
        return status
    }
}
