import Basics
import Age
import ArgumentParser
import FoundationEssentials

/// Runs a subcommand body and reports failures the way `age` does: `age: error: …` on stderr, exit 1.
enum AgeErrorReporting {
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileStream.standardError.write("age: error: \(message(for: error))\n")
            throw ExitCode.failure
        }
    }

    private static func message(for error: any Error) -> String {
        switch error {
        case let error as AgeError: error.description
        case let error as SecretFileError: error.description
        case let error as AgeCommandError: error.description
        default: errorText(error)
        }
    }
}

/// A failure of the command line itself (arguments, files), as opposed to the age format.
struct AgeCommandError: Error, CustomStringConvertible {
    var description: String
}
