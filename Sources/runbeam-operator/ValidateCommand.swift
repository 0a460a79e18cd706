import Basics
import ArgumentParser
import FoundationEssentials
import GatewayAPI
import Operator
import YAML

/// `runbeam-operator validate`: offline checks of Gateway manifests for pre-merge pipelines.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check Gateway manifests offline, as kubectl, the CRD and the controller would.",
        discussion: """
            Reads every file as kubectl does (YAML 1.1 scalars through sigs.k8s.io/yaml: 033 is 27, \
            yes/no/on/off are booleans; lists such as kind: List are expanded), then checks each \
            runbeam.io Gateway against the CRD's schema, metadata as strict field validation would, \
            and the controller's own rules. Prints FILE:LINE:COLUMN: message for every problem and \
            exits 1 if there is any. Folders are searched for .yaml, .yml and .json files; "-" reads \
            standard input; objects of other kinds are skipped with a note on stderr.

            Examples:
              runbeam-operator validate -f manifests/examples/gateway.yaml
              runbeam-operator validate -f gateways/ --config operator-config.yaml
              helm template charts/my-gateways | runbeam-operator validate -f -
              runbeam-operator validate -f gateway.yaml -o json  # what kubectl sends
            """
    )

    /// What `--output` prints besides the problems.
    enum Output: String, ExpressibleByArgument, CaseIterable {
        /// Problems only.
        case problems
        /// Every object read, one JSON object per line, as kubectl sends it; problems go to stderr.
        case json
    }

    @Option(name: .customShort("f"), parsing: .upToNextOption, help: ArgumentHelp("Files or folders to check; - reads standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(help: "The operator configuration file whose defaultAPIURL and allowedAPIURLs apply.")
    var config: String?

    @Option(name: .shortAndLong, help: "problems, or json: also print every object read, one per line, as kubectl sends it.")
    var output: Output = .problems

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder with -f (or -f - for standard input)") }
        guard paths.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("standard input (-f -) can be read only once") }
    }

    func run() throws {
        let configuration: OperatorConfiguration
        if let config {
            do {
                configuration = try OperatorConfiguration.load(contentsOf: URL(fileURLWithPath: config))
            } catch {
                throw CommandUsage.failure("\(error)", in: Self.self)
            }
        } else {
            configuration = OperatorConfiguration()
        }
        let validator = GatewayManifestValidator(configuration: configuration)
        var problems = 0, gateways = 0, warnings = 0
        let files: [String]
        do {
            files = try ManifestFiles.expand(paths)
        } catch {
            throw CommandUsage.failure("\(error)", in: Self.self)
        }
        let report = output == .json ? Self.standardError : Self.standardOutput
        for file in files {
            let name = file == ManifestFiles.standardInput ? "<stdin>" : file
            let data: Data
            do {
                data = try file == ManifestFiles.standardInput
                    ? FileStream.standardInput.readToEnd() : Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                report("\(name): cannot be read: \(errorText(error))")
                problems += 1
                continue
            }
            let result = validator.validate(data, file: name)
            gateways += result.gateways
            problems += result.problems.count
            for problem in result.problems { report("\(problem)") }
            warnings += result.warnings.count
            for warning in result.warnings { report("\(warning)") }
            for skipped in result.skipped {
                Self.standardError("\(name):\(skipped.mark.line):\(skipped.mark.column): note: skipped \(skipped.kind)")
            }
            if output == .json {
                for object in result.objects {
                    // Objects with no JSON form (.inf, 65-bit integers) are already reported as problems.
                    guard let json = try? object.jsonData() else { continue }
                    Self.standardOutput(String(decoding: json, as: UTF8.self))
                }
            }
        }
        Self.standardError("checked \(gateways) Gateway(s) in \(files.count) file(s): \(problems) problem(s), \(warnings) warning(s)")
        if problems > 0 { throw ExitCode(1) }
    }

    private static func standardOutput(_ line: String) { print(line) }

    private static func standardError(_ line: String) { FileStream.standardError.write(line + "\n") }
}
