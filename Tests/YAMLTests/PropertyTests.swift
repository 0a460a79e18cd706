import Foundation
import TestSupport
import Testing
import YAML

/// A YAML-shaped value whose Codable form uses every kind of container.
private indirect enum Tree: Codable, Equatable {
    struct Entry: Equatable {
        var key: String
        var value: Tree
    }

    case string(String), int(Int), double(Double), bool(Bool), null
    case list([Tree])
    case map([Entry])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .int(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .double(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .bool(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .map(let entries):
            var c = encoder.container(keyedBy: Key.self)
            for entry in entries { try c.encode(entry.value, forKey: Key(stringValue: entry.key)) }
        }
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let container = try? decoder.container(keyedBy: Key.self) {
            self = .map(try container.allKeys.map { Entry(key: $0.stringValue, value: try container.decode(Tree.self, forKey: $0)) })
        } else {
            var container = try decoder.unkeyedContainer()
            var items: [Tree] = []
            while !container.isAtEnd { items.append(try container.decode(Tree.self)) }
            self = .list(items)
        }
    }
}

/// Builds random trees from a seeded generator.
private struct TreeGenerator {
    var random: SplitMix64

    static let tricky = [
        "yes", "no", "on", "off", "y", "n", "Yes", "OFF", "true", "False", "null", "Null", "~", "", " ", "1.0", "0x10",
        "0o17", "0644", "1_000", "1e3", ".inf", "-.inf", ".nan", "12:30", "2025-01-31", "<<", "=", "-", "- a", "? x",
        "a: b", "a:b", ": ", "#", "a #b", "a#b", " lead", "trail ", "multi\nline", "end\n", "\n", "\n\nx", "x\n\n",
        "tab\t", "'", "\"", "\\", "{a: 1}", "[1]", "&anchor", "*alias", "!tag", "|", ">", "%", "@", "`", "ünïcode",
        "😀", "\u{7}", "crlf\r\nline", "nel\u{85}x", "ls\u{2028}x", "\u{FEFF}bom", "---", "...", "--- x", "0", "-0",
        "+1", "1.", ".5", "08", "0b101", "123456789012345678901234567890",
    ]
    static let alphabet: [String] = [
        "a", "b", "Z", "0", "1", "9", ".", "-", "+", "_", ":", " ", "#", "'", "\"", "\\", "\n", "\t", "!", "&", "*",
        "?", "|", ">", "%", "@", "`", "{", "}", "[", "]", ",", "é", "→", "😀", "~", "=", "<", "x", "e", "E", "\r",
    ]

    mutating func string() -> String {
        if Int.random(in: 0..<3, using: &random) == 0 {
            return Self.tricky.randomElement(using: &random)!
        }
        let length = Int.random(in: 0...12, using: &random)
        return (0..<length).map { _ in Self.alphabet.randomElement(using: &random)! }.joined()
    }

    mutating func scalar() -> Tree {
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1, 2: return .string(string())
        case 3: return .int(Int.random(in: Int.min...Int.max, using: &random))
        case 4: return .int(Int.random(in: -1000...1000, using: &random))
        case 5:
            let specials: [Double] = [0, -0.5, 1, 1e20, 1e-7, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
            return .double(Bool.random(using: &random)
                ? specials.randomElement(using: &random)!
                : Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 997)
        case 6: return .bool(Bool.random(using: &random))
        default: return .null
        }
    }

    mutating func tree(depth: Int) -> Tree {
        guard depth < 5, Int.random(in: 0..<3, using: &random) > 0 else { return scalar() }
        let count = Int.random(in: 0...5, using: &random)
        if Bool.random(using: &random) {
            return .list((0..<count).map { _ in tree(depth: depth + 1) })
        }
        var entries: [Tree.Entry] = []
        for _ in 0..<count {
            let key = string()
            if !entries.contains(where: { $0.key == key }) {
                entries.append(.init(key: key, value: tree(depth: depth + 1)))
            }
        }
        return .map(entries)
    }
}

@Suite("Property: encode → parse → decode is the identity")
struct PropertyTests {
    @Test("500 seeded random trees survive the round trip unchanged")
    func roundTrip() throws {
        var generator = TreeGenerator(random: SplitMix64(seed: 0x5EED_CAFE))
        for index in 0..<500 {
            let tree = generator.tree(depth: 0)
            let text = try YAMLEncoder().encode(tree)
            let decoded = try YAMLDecoder().decode(Tree.self, from: text)
            #expect(decoded == tree, "tree \(index) came back changed from:\n\(text)")
            if decoded != tree { break }
        }
    }

    @Test("every tricky string survives as a value and as a key")
    func trickyStrings() throws {
        for string in TreeGenerator.tricky {
            let tree = Tree.map([.init(key: string, value: .list([.string(string)]))])
            let text = try YAMLEncoder().encode(tree)
            #expect(try YAMLDecoder().decode(Tree.self, from: text) == tree, "\(string.debugDescription) as:\n\(text)")
        }
    }
}
