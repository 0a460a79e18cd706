import ArgumentParser
import Foundation
import Operator

/// `runbeam-operator validate`: offline checks of Gateway manifests for pre-merge pipelines.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check Gateway manifests offline, as the CRD and the controller would.",
        discussion: """
            Prints FILE:LINE:COLUMN: message for every problem and exits 1 if there is any. Folders are \
            searched for .yaml, .yml and .json files; documents of other kinds are skipped with a note \
            on stderr.
            """
    )

    @Option(name: .customShort("f"), parsing: .upToNextOption, help: "Files or folders to check.")
    var paths: [String] = []

    @Option(help: "The operator configuration file whose defaultAPIURL and allowedAPIURLs apply.")
    var config: String?

    func run() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder with -f") }
        let configuration: OperatorConfiguration
        if let config {
            do {
                configuration = try OperatorConfiguration.load(contentsOf: URL(fileURLWithPath: config))
            } catch {
                throw ValidationError("\(error)")
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
            throw ValidationError("\(error)")
        }
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                print("\(file): cannot be read: \(error.localizedDescription)")
                problems += 1
                continue
            }
            let report = validator.validate(data, file: file)
            gateways += report.gateways
            problems += report.problems.count
            for problem in report.problems { print(problem) }
            warnings += report.warnings.count
            for warning in report.warnings { print(warning) }
            for skipped in report.skipped {
                FileHandle.standardError.write(Data("\(file):\(skipped.mark.line):\(skipped.mark.column): note: skipped \(skipped.kind)\n".utf8))
            }
        }
        FileHandle.standardError.write(
            Data("checked \(gateways) Gateway(s) in \(files.count) file(s): \(problems) problem(s), \(warnings) warning(s)\n".utf8))
        if problems > 0 { throw ExitCode(1) }
    }
}
