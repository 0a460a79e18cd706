import Foundation
import GatewayAPI
import Operator
import Testing
import YAML

/// Hostile operator configuration files: each is a clear error naming the file (and the line and
/// field where there is one), bounded in time and memory.
@Suite struct HostileConfigFileTests {
    /// Writes `contents` to a fresh file, loads it, and returns the error text and the file's path.
    func loadError(_ contents: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> (text: String, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("config.yaml")
        try contents.write(to: file)
        let clock = ContinuousClock()
        let started = clock.now
        defer { #expect(clock.now - started < .seconds(20), "loading took too long", sourceLocation: sourceLocation) }
        do {
            let configuration = try OperatorConfiguration.load(contentsOf: file)
            Issue.record("expected an error, got \(configuration)", sourceLocation: sourceLocation)
            return ("", file.path)
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix(file.path), "the error does not name the file: \(text)", sourceLocation: sourceLocation)
            return (text, file.path)
        }
    }

    func loadError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (text: String, path: String) {
        try loadError(Data(text.utf8), sourceLocation: sourceLocation)
    }

    @Test func malformedYAMLIsLocated() throws {
        let (text, path) = try loadError("workers: 2\nrenewal: {jitterPercent: 10\n")
        #expect(text.hasPrefix("\(path):3:"))
        let (tab, tabPath) = try loadError("workers: 2\n\tlog: {}\n")
        #expect(tab.hasPrefix("\(tabPath):2:"))
    }

    @Test func wrongTypesNameLineAndField() throws {
        let (list, path) = try loadError("watchNamespaces: harmony\n")
        #expect(list.hasPrefix("\(path):1:18:"))
        #expect(list.hasSuffix("(at watchNamespaces)"))
        let (nested, nestedPath) = try loadError("leaderElection:\n  enabled: [true]\n")
        #expect(nested.hasPrefix("\(nestedPath):2:12:"))
        #expect(nested.hasSuffix("(at leaderElection.enabled)"))
        let (root, rootPath) = try loadError("- workers: 2\n")
        #expect(root.hasPrefix("\(rootPath):1:1:"))
    }

    @Test func unknownKeysAreRejectedWithTheirPosition() throws {
        let (text, path) = try loadError("workers: 2\nleaderElection:\n  enabeld: true\n")
        #expect(text.hasPrefix("\(path):3:3:"))
        #expect(text.contains("enabeld"))
    }

    @Test func billionLaughsIsBounded() throws {
        var laughs = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            laughs += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let (text, path) = try loadError(laughs)
        #expect(text.hasPrefix("\(path):5:"))
        #expect(text.contains("billion laughs"))
    }

    @Test func tenThousandDeepNestingIsBounded() throws {
        let (flow, path) = try loadError("watchNamespaces: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n")
        #expect(flow.hasPrefix("\(path):1:"))
        #expect(flow.contains("nest deeper than 256 levels"))
        let (block, blockPath) = try loadError("watchNamespaces:\n" + String(repeating: "- ", count: 10_000) + "x\n")
        #expect(block.hasPrefix("\(blockPath):2:"))
        #expect(block.contains("nest deeper than 256 levels"))
    }

    @Test func fiftyMebibyteFileIsRefused() throws {
        var contents = Data("workers: 2\n".utf8)
        contents.append(Data(repeating: UInt8(ascii: "#"), count: 50 << 20))
        let (text, path) = try loadError(contents)
        // Refused after reading at most the limit plus one byte, not the whole file.
        #expect(text == "\(path): the configuration file is larger than 16 MiB; check that --config names the operator's configuration file")
    }

    @Test func binaryInputIsASyntaxError() throws {
        let (text, path) = try loadError(Data([0x77, 0x3A, 0x20, 0xC3, 0x28, 0x0A, 0x00]))
        #expect(text.hasPrefix("\(path):"))
    }

    @Test func everyProblemIsReportedAndYAML11AmbiguityRefused() throws {
        let (text, path) = try loadError("workers: 010\nleaderElection: {enabled: yes}\nlog: {level: loud}\nrenewal: {typo: 1}\n")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(text)")
        #expect(lines[0] == "\(path):1:10: 010 is 10 in YAML 1.2 but 8 in YAML 1.1; write the value so both agree (quote a string)")
        #expect(lines[1].hasPrefix("\(path):2:27: yes is the string \"yes\" in YAML 1.2 but true in YAML 1.1"))
        #expect(lines[2].hasPrefix("\(path):3:14: unknown log level \"loud\""))
        #expect(lines[3].hasPrefix("\(path):4:11: unknown key \"typo\""))
    }
}
