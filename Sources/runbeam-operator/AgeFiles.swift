import Glibc
import Basics
import FoundationEssentials

/// Opens the input and output files of the `age` subcommands; `-` or no path means stdin or stdout.
enum AgeFiles {
    static func input(_ path: String?) throws -> FileStream {
        guard let path, path != "-" else { return .standardInput }
        do {
            return try FileStream.reading(path)
        } catch {
            throw AgeCommandError(description: "failed to open input file \"\(path)\": \(reason(error, path: path))")
        }
    }

    static func readAll(_ path: String?, what: String) throws -> Data {
        let handle = try input(path)
        do {
            return try handle.readToEnd()
        } catch {
            throw AgeCommandError(description: "failed to read \(what) \"\(path ?? "-")\": \(reason(error, path: path ?? "-"))")
        }
    }

    /// Creates (or truncates) `path`, or returns stdout.
    static func output(_ path: String?) throws -> FileStream {
        guard let path, path != "-" else { return .standardOutput }
        guard let stream = try? FileStream.writing(path) else {
            throw AgeCommandError(description: "failed to open output file \"\(path)\": check that its folder exists and is writable")
        }
        return stream
    }

    /// Opens the output, lets `body` write to it, and removes a file output again if `body` fails,
    /// so that what was released before a failure is never left behind as if it were the result.
    static func writeOutput(_ path: String?, _ body: (inout FileStream) throws -> Void) throws {
        var sink = try output(path)
        do {
            try body(&sink)
        } catch {
            if let path, path != "-" { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
    }

    /// Whether standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    private static func reason(_ error: any Error, path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file or directory"
    }
}
