import Foundation
import Testing
import YAML

private struct Manifest: Encodable {
    struct Metadata: Encodable {
        var name: String
        var namespace: String?
        var labels: [String: String]
    }
    struct Container: Encodable {
        var name: String
        var image: String
        var args: [String]
        var ports: [Int]
    }
    var apiVersion = "apps/v1"
    var kind = "Deployment"
    var metadata: Metadata
    var replicas: Int
    var paused: Bool
    var ratio: Double
    var containers: [Container]
    var volumes: [String] = []
    var annotations: [String: String] = [:]
}

@Suite("Encoding YAML through libyaml's emitter")
struct EncoderTests {
    @Test("block style, 2-space indentation, declaration order, sorted dictionary keys, nil left out")
    func layout() throws {
        let manifest = Manifest(
            metadata: .init(name: "harmony", namespace: nil, labels: ["b": "2", "a": "one", "app.kubernetes.io/name": "harmony"]),
            replicas: 2, paused: false, ratio: 0.25,
            containers: [.init(name: "harmony", image: "ghcr.io/aurabox/harmony:0.11.2", args: ["--port", "8080"], ports: [8080, 9090])])
        let expected = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: harmony
              labels:
                a: one
                app.kubernetes.io/name: harmony
                b: "2"
            replicas: 2
            paused: false
            ratio: 0.25
            containers:
            - name: harmony
              image: ghcr.io/aurabox/harmony:0.11.2
              args:
              - --port
              - "8080"
              ports:
              - 8080
              - 9090
            volumes: []
            annotations: {}

            """
        #expect(try YAMLEncoder().encode(manifest) == expected)
    }

    @Test("strings that would change type or meaning are quoted", arguments: [
        ("yes", "\"yes\""), ("on", "\"on\""), ("Off", "\"Off\""), ("n", "\"n\""), ("Y", "\"Y\""),
        ("true", "\"true\""), ("null", "\"null\""), ("~", "\"~\""), ("", "\"\""),
        ("1.0", "\"1.0\""), ("0x10", "\"0x10\""), ("0644", "\"0644\""), ("1_000", "\"1_000\""), ("12:30", "\"12:30\""),
        ("1e3", "\"1e3\""), (".inf", "\".inf\""), ("-.5", "\"-.5\""), ("2025-01-31", "\"2025-01-31\""), ("<<", "\"<<\""),
        ("a: b", "'a: b'"), ("#comment", "'#comment'"), ("a #b", "'a #b'"), (" lead", "' lead'"), ("trail ", "'trail '"),
        ("- item", "'- item'"), ("[x]", "'[x]'"), ("*ref", "'*ref'"), ("&a", "'&a'"), ("!tag", "'!tag'"),
        ("tab\there", "\"tab\\there\""), ("it's", "it's"),
        ("plain", "plain"), ("128Mi", "128Mi"), ("ghcr.io/a/b:1.0", "ghcr.io/a/b:1.0"), ("100m", "100m"),
        ("--flag=x", "--flag=x"), ("ünïcode", "ünïcode"), ("a:b", "a:b"), ("a#b", "a#b"), ("v1.2.3", "v1.2.3"),
    ])
    func quoting(value: String, written: String) throws {
        let text = try YAMLEncoder().encode(["k": value])
        #expect(text == "k: \(written)\n")
        #expect(try YAMLDecoder().decode([String: String].self, from: text) == ["k": value])
    }

    @Test("keys are quoted by the same rules")
    func keys() throws {
        let text = try YAMLEncoder().encode(["on": 1, "1": 2, "key": 3])
        #expect(text == "\"1\": 2\nkey: 3\n\"on\": 1\n")
    }

    @Test("multi-line strings use literal style")
    func multiline() throws {
        let text = try YAMLEncoder().encode(["script": "set -e\necho hi\n", "bare": "a\nb"])
        #expect(text == "bare: |-\n  a\n  b\nscript: |\n  set -e\n  echo hi\n")
        #expect(try YAMLDecoder().decode([String: String].self, from: text) == ["script": "set -e\necho hi\n", "bare": "a\nb"])
    }

    @Test("numbers keep their type for YAML 1.1 and 1.2 readers")
    func numbers() throws {
        let text = try YAMLEncoder().encode([1.0, 1e20, -0.5, .infinity, -.infinity, 3])
        #expect(text == "- 1.0\n- 1.0e+20\n- -0.5\n- .inf\n- -.inf\n- 3.0\n")
        #expect(try YAMLEncoder().encode([Int64.min, 0]) == "- -9223372036854775808\n- 0\n")
        #expect(try YAMLEncoder().encode(Double.nan) == ".nan\n")
    }

    @Test("Data, Date and URL are written as Kubernetes expects")
    func foundationTypes() throws {
        struct Values: Encodable { var data: Data; var date: Date; var url: URL }
        let text = try YAMLEncoder().encode(Values(
            data: Data([1, 2, 3]), date: Date(timeIntervalSince1970: 1_738_324_800), url: URL(string: "https://api.runbeam.cloud/api")!))
        #expect(text == "data: AQID\ndate: \"2025-01-31T12:00:00Z\"\nurl: https://api.runbeam.cloud/api\n")
    }

    @Test("several documents are separated by ---")
    func documents() throws {
        let encoder = YAMLEncoder()
        let first = try encoder.node(for: ["kind": "Namespace"])
        let second = try encoder.node(for: ["kind": "ServiceAccount"])
        #expect(try encoder.encode(documents: [first, second]) == "kind: Namespace\n---\nkind: ServiceAccount\n")
        #expect(try YAMLEncoder(explicitDocumentStart: true).encode(node: first) == "---\nkind: Namespace\n")
    }

    @Test("a parsed node re-emits with its values and quoting styles")
    func nodeRoundTrip() throws {
        let source = "a: 'single'\nb: \"double\"\nc: 0x1F\nd: yes\ne: ~\nf:\n- 1.50\n- !!str 12\n- !!float 1\ng: |\n  line\n"
        let node = try parse(source)
        let text = try YAMLEncoder().encode(node: node)
        #expect(text == "a: 'single'\nb: \"double\"\nc: 31\nd: \"yes\"\ne: null\nf:\n- 1.5\n- \"12\"\n- 1.0\ng: |\n  line\n")
    }

    @Test("output is stable across runs of the same value")
    func stable() throws {
        let value = Dictionary(uniqueKeysWithValues: (0..<50).map { ("key\($0)", $0) })
        let first = try YAMLEncoder().encode(value)
        for _ in 0..<5 {
            #expect(try YAMLEncoder().encode(Dictionary(uniqueKeysWithValues: value.shuffled())) == first)
        }
    }
}
