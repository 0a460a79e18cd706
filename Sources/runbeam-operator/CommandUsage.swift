import Basics
import ArgumentParser
import FoundationEssentials

/// Usage errors reported the way ArgumentParser reports its own — the message, then the usage of
/// the (sub)command that failed, not the root's — with exit status 64.
enum CommandUsage {
    /// Prints `message` with `command`'s usage and returns the exit code to throw.
    static func failure(_ message: String, in command: any ParsableCommand.Type) -> ExitCode {
        FileStream.standardError.write("Error: \(message)\n\(usage(of: command))")
        return ExitCode(64)
    }

    /// `Usage: runbeam-operator validate …` and the line naming its `--help`.
    static func usage(of command: any ParsableCommand.Type) -> String {
        let line = command == RunbeamOperator.self ? RunbeamOperator.usageString() : RunbeamOperator.usageString(for: command)
        let path = line.split(separator: " ").prefix { !["[", "<", "-"].contains($0.first) }.joined(separator: " ")
        return "Usage: \(line)\n  See '\(path) --help' for more information.\n"
    }

    /// The problem with a command line whose subcommand names are wrong, or nil. With a default
    /// subcommand, ArgumentParser would hand a mistyped name (`valdate`) to `sandbox` and print
    /// the sandbox's usage; `help nonexistent` would print the root help and exit 0.
    static func subcommandProblem(_ arguments: [String]) -> (message: String, command: any ParsableCommand.Type)? {
        var command: any ParsableCommand.Type = RunbeamOperator.self
        var remaining = arguments[...]
        let isHelp = remaining.first == "help"
        if isHelp { remaining = remaining.dropFirst() }
        while let name = remaining.first, !name.hasPrefix("-") {
            let subcommands = Self.subcommands(of: command)
            guard !subcommands.isEmpty else { return nil }
            guard let next = subcommands.first(where: { $0.name == name }) else {
                let names = subcommands.map { $0.name }
                let hint = names.first { closeEnough($0, name) }.map { "; did you mean '\($0)'?" } ?? " (one of \(names.joined(separator: ", ")))"
                return ("unknown subcommand '\(name)'\(hint)", command)
            }
            command = next.type
            remaining = remaining.dropFirst()
        }
        return nil
    }

    private static func subcommands(of command: any ParsableCommand.Type) -> [(name: String, type: any ParsableCommand.Type)] {
        var found: [(name: String, type: any ParsableCommand.Type)] = []
        for type in command.configuration.subcommands {
            let configuration = type.configuration
            found.append((configuration.commandName ?? "", type))
        }
        return found
    }

    /// One a prefix of the other, or at most two edits apart (`valdate`, `sandbx`).
    private static func closeEnough(_ a: String, _ b: String) -> Bool {
        if a.hasPrefix(b) || b.hasPrefix(a) { return true }
        let x = Array(a), y = Array(b)
        // Levenshtein distance, one row at a time.
        var previous = Array(0...y.count)
        for i in x.indices {
            var current = [i + 1]
            for j in y.indices {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x[i] == y[j] ? 0 : 1)))
            }
            previous = current
        }
        return previous[y.count] <= 2
    }
}
