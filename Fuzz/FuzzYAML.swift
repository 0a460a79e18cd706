import Foundation
import YAML

/// A small configuration-like shape, so the decoder's keyed, unkeyed and scalar paths all run.
private struct Sample: Codable {
    var name: String?
    var count: Int?
    var ratio: Double?
    var enabled: Bool?
    var items: [String]?
    var labels: [String: String]?
    var children: [Sample]?
}

/// Parses the input as a YAML stream; for every document converts it to JSON, decodes it into
/// `Sample`, and checks that emitting the node and parsing the output again gives the same tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: bytes, count: size)
    let parser = YAMLParser(limits: YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 64, maxAliasExpansion: 10_000))
    guard let documents = try? parser.documents(from: input, fileName: "fuzz.yaml") else { return 0 }
    for document in documents {
        _ = try? document.root.jsonData()
        _ = try? YAMLDecoder(unknownKeys: .reject).decode(Sample.self, from: document.root, fileName: "fuzz.yaml")
        if let sample = try? YAMLDecoder(unknownKeys: .ignore).decode(Sample.self, from: document.root) {
            _ = try? YAMLEncoder().encode(sample)
        }
        guard let emitted = try? YAMLEncoder().encode(node: document.root) else { continue }
        guard let reparsed = try? parser.node(from: emitted) else {
            fatalError("the emitter wrote YAML its own parser rejects:\n\(emitted)")
        }
        guard sameTree(document.root, reparsed) else {
            fatalError("the round trip changed the document:\n\(emitted)")
        }
    }
    return 0
}

/// Equal values, ignoring positions and presentation (style, `0x1F` against `31`, `~` against `null`).
private func sameTree(_ lhs: YAMLNode, _ rhs: YAMLNode) -> Bool {
    switch (lhs.content, rhs.content) {
    case (.scalar(let left), .scalar(let right)):
        guard left.type == right.type else { return false }
        switch left.type {
        case .null: return true
        case .bool: return lhs.bool == rhs.bool
        case .int: return lhs.int == rhs.int || left.text == right.text
        case .float: return lhs.double == rhs.double || (lhs.double?.isNaN == true && rhs.double?.isNaN == true)
        case .string: return left.text == right.text
        }
    case (.sequence(let left), .sequence(let right)):
        return left.count == right.count && zip(left, right).allSatisfy(sameTree)
    case (.mapping(let left), .mapping(let right)):
        return left.count == right.count && zip(left, right).allSatisfy { sameTree($0.key, $1.key) && sameTree($0.value, $1.value) }
    default:
        return false
    }
}
