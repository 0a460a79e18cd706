import Foundation

/// Where the `runbeam-operator` executable is: `--operator`, or beside `runbeam-bench`.
enum OperatorBinary {
    static func locate(explicit: String?) throws(BenchError) -> URL {
        let candidate: URL
        if let explicit {
            candidate = URL(fileURLWithPath: explicit)
        } else {
            let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            candidate = own.deletingLastPathComponent().appendingPathComponent("runbeam-operator")
        }
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw BenchError("no runbeam-operator executable at \(candidate.path); build it (swift build --product runbeam-operator) or pass --operator PATH")
        }
        return candidate
    }
}
