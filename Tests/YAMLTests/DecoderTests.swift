import Foundation
import Testing
import YAML

/// A configuration shaped like the operator's own.
private struct Config: Decodable, Equatable {
    enum LogFormat: String, Decodable { case json, text }
    struct Log: Decodable, Equatable {
        var level: String
        var format: LogFormat
    }
    struct LeaderElection: Decodable, Equatable {
        var enabled: Bool
        var leaseName: String?
    }
    var watchNamespaces: [String]
    var workers: Int
    var log: Log
    var leaderElection: LeaderElection?
}

/// A value whose initializer rejects what it reads with its own error type.
private struct EvenNumber: Decodable {
    struct NotEven: Error, CustomStringConvertible {
        var description: String { "the number must be even" }
    }
    var value: Int
    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int.self)
        guard value.isMultiple(of: 2) else { throw NotEven() }
    }
}

/// A value whose initializer throws a `DecodingError` of its own.
private struct Duration: Decodable {
    var seconds: Int
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.hasSuffix("s"), let seconds = Int(text.dropLast()) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a duration like 30s")
        }
        self.seconds = seconds
    }
}

@Suite("Decoding Decodable values with positioned errors")
struct DecoderTests {
    let strict = YAMLDecoder(unknownKeys: .reject)

    private func decodeConfig(_ text: String, _ decoder: YAMLDecoder = YAMLDecoder(unknownKeys: .reject)) throws(YAMLError) -> Config {
        try decoder.decode(Config.self, from: text, fileName: "config.yaml")
    }

    @Test("a valid configuration decodes")
    func valid() throws {
        let config = try decodeConfig("watchNamespaces: [harmony, ops]\nworkers: 4\nlog:\n  level: info\n  format: json\nleaderElection:\n  enabled: true\n")
        #expect(config == Config(
            watchNamespaces: ["harmony", "ops"], workers: 4, log: .init(level: "info", format: .json),
            leaderElection: .init(enabled: true, leaseName: nil)))
    }

    @Test("a type mismatch reports the value's position and path")
    func typeMismatch() {
        let error = expectYAMLError { try decodeConfig("watchNamespaces: []\nworkers: \"4\"\nlog: {level: info, format: json}\n") }
        #expect(error?.kind == .typeMismatch)
        #expect(error?.description == "config.yaml:2:10: expected an integer, found a string (at workers)")
        let string = expectYAMLError { try decodeConfig("watchNamespaces: []\nworkers: 4\nlog:\n  level: 3\n  format: json\n") }
        #expect(string?.description == "config.yaml:4:10: expected a string, found an integer (quote it to make it a string: \"3\") (at log.level)")
        let bool = expectYAMLError { try decodeConfig("watchNamespaces: []\nworkers: 4\nlog: {level: info, format: json}\nleaderElection:\n  enabled: yes\n") }
        #expect(bool?.description == "config.yaml:5:12: expected a boolean, found a string (at leaderElection.enabled)")
        let item = expectYAMLError { try decodeConfig("watchNamespaces:\n- harmony\n- {name: ops}\nworkers: 4\nlog: {level: info, format: json}\n") }
        #expect(item?.description == "config.yaml:3:3: expected a string, found a mapping (at watchNamespaces[1])")
        let collection = expectYAMLError { try decodeConfig("watchNamespaces: []\nworkers: 4\nlog: verbose\n") }
        #expect(collection?.description == "config.yaml:3:6: expected a mapping, found a string (at log)")
    }

    @Test("a missing key reports the enclosing mapping")
    func missingKey() {
        let nested = expectYAMLError { try decodeConfig("watchNamespaces: []\nworkers: 4\nlog:\n  level: info\n") }
        #expect(nested?.kind == .missingKey)
        #expect(nested?.description == "config.yaml:4:3: missing required key \"format\" (at log)")
        let root = expectYAMLError { try decodeConfig("# comment\nwatchNamespaces: []\nlog: {level: info, format: json}\n") }
        #expect(root?.description == "config.yaml:2:1: missing required key \"workers\"")
    }

    @Test("a bad enum value reports the value")
    func badEnum() {
        let error = expectYAMLError { try decodeConfig("watchNamespaces: []\nworkers: 4\nlog:\n  level: info\n  format: yaml\n") }
        #expect(error?.kind == .invalidValue)
        #expect(error?.mark == YAMLMark(line: 5, column: 11))
        #expect(error?.path == "log.format")
        #expect(error?.description.hasPrefix("config.yaml:5:11: ") == true)
        #expect(error?.description.hasSuffix(" (at log.format)") == true)
        #expect(error?.message.contains("yaml") == true)
    }

    @Test("unknown keys are rejected at the key, or ignored")
    func unknownKeys() throws {
        let text = "watchNamespaces: []\nworkers: 4\nlog:\n  level: info\n  format: json\n  colour: true\n"
        let error = expectYAMLError { try decodeConfig(text) }
        #expect(error?.kind == .unknownKey)
        #expect(error?.description == "config.yaml:6:3: unknown key \"colour\" (at log.colour)")
        #expect(try decodeConfig(text, YAMLDecoder(unknownKeys: .ignore)).log.format == .json)
        let root = expectYAMLError { try decodeConfig("watchNamespaces: []\nwrkers: 4\nworkers: 4\nlog: {level: info, format: json}\n") }
        #expect(root?.description == "config.yaml:2:1: unknown key \"wrkers\" (at wrkers)")
    }

    @Test("an optional key may be absent or null; a null collection is empty")
    func nulls() throws {
        let config = try decodeConfig("watchNamespaces:\nworkers: 4\nlog: {level: info, format: text}\nleaderElection: ~\n")
        #expect(config.watchNamespaces == [])
        #expect(config.leaderElection == nil)
        let labels = try strict.decode([String: String].self, from: "")
        #expect(labels == [:])
    }

    @Test("integers out of range are an error at the value")
    func outOfRange() throws {
        let error = expectYAMLError { try YAMLDecoder().decode([UInt8].self, from: "[1, 300]", fileName: "x.yaml") }
        #expect(error?.kind == .invalidValue)
        #expect(error?.description == "x.yaml:1:5: 300 is out of range for UInt8 (0...255) (at [1])")
        let big = expectYAMLError { try YAMLDecoder().decode(Int.self, from: "99999999999999999999") }
        #expect(big?.kind == .invalidValue)
        #expect(try YAMLDecoder().decode([Int].self, from: "[0x10, 0o10, -8]") == [16, 8, -8])
        #expect(try YAMLDecoder().decode([Double].self, from: "[1, 2.5, -.inf]") == [1, 2.5, -.infinity])
    }

    @Test("errors thrown by a type's own initializer get the value's position")
    func foreignErrors() {
        struct Ports: Decodable { var ports: [EvenNumber] }
        let own = expectYAMLError { try YAMLDecoder().decode(Ports.self, from: "ports:\n- 2\n- 3\n", fileName: "p.yaml") }
        #expect(own?.kind == .invalidValue)
        #expect(own?.description == "p.yaml:3:3: the number must be even (at ports[1])")
        struct Renewal: Decodable { var renewBefore: Duration }
        let decoding = expectYAMLError { try YAMLDecoder().decode(Renewal.self, from: "renewBefore: ten\n", fileName: "r.yaml") }
        #expect(decoding?.description == "r.yaml:1:14: \"ten\" is not a duration like 30s (at renewBefore)")
    }

    @Test("Data is base64, Date is RFC 3339, URL is a string")
    func foundationTypes() throws {
        struct Values: Decodable, Equatable { var data: Data; var date: Date; var fractional: Date; var url: URL }
        let values = try YAMLDecoder().decode(
            Values.self,
            from: "data: AQID\ndate: 2025-01-31T12:00:00Z\nfractional: 2025-01-31T12:00:00.5+01:00\nurl: https://api.runbeam.cloud/api\n")
        #expect(values.data == Data([1, 2, 3]))
        #expect(values.date == Date(timeIntervalSince1970: 1_738_324_800))
        #expect(values.fractional == Date(timeIntervalSince1970: 1_738_324_800 - 3600 + 0.5))
        #expect(values.url.host == "api.runbeam.cloud")
        let error = expectYAMLError { try YAMLDecoder().decode([Date].self, from: "- 2025-01-31\n") }
        #expect(error?.description == "1:3: \"2025-01-31\" is not an RFC 3339 date-time such as 2025-01-31T12:00:00Z (at [0])")
    }

    @Test("decodeAll decodes every non-empty document")
    func decodeAll() throws {
        struct Named: Decodable { var name: String }
        let names = try YAMLDecoder().decodeAll(Named.self, from: Data("name: a\n---\n---\nname: b\n".utf8))
        #expect(names.map(\.name) == ["a", "b"])
        let error = expectYAMLError { try YAMLDecoder().decodeAll(Named.self, from: Data("name: a\n---\nname: [b]\n".utf8), fileName: "all.yaml") }
        #expect(error?.description == "all.yaml:3:7: expected a string, found a sequence (at name)")
    }

    @Test("syntax errors from decode carry the file name")
    func syntaxThroughDecoder() {
        let error = expectYAMLError { try YAMLDecoder().decode([String: Int].self, from: "a: 1\n b: 2\n", fileName: "bad.yaml") }
        #expect(error?.kind == .syntax)
        #expect(error?.description.hasPrefix("bad.yaml:2:3: ") == true)
    }
}
