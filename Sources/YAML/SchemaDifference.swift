import FoundationEssentials

/// A plain scalar that YAML 1.2 and YAML 1.1 (kubectl) read as different values: `033` (33 or 27),
/// `yes` (a string or true), `1_000`, `+0x1F`.
public struct SchemaDifference: Sendable, Hashable, CustomStringConvertible {
    /// Where the scalar is.
    public var mark: YAMLMark
    /// The scalar as the YAML 1.2 core schema reads it (its text is as written).
    public var core: YAMLScalar
    /// The scalar as YAML 1.1 reads it (its text is the canonical value).
    public var yaml11: YAMLScalar

    /// `033 is 33 in YAML 1.2 but 27 in YAML 1.1` (the text as written, then both values).
    public var description: String {
        "\(core.text) is \(Self.reading(core)) in YAML 1.2 but \(Self.reading(yaml11)) in YAML 1.1"
    }

    private static func reading(_ scalar: YAMLScalar) -> String {
        scalar.type == .string ? "the string \"\(scalar.text)\"" : ScalarPresentation.of(scalar).text
    }

    /// Every plain scalar of `data` whose two readings differ, in document order. Empty when the
    /// text does not parse both ways (the parse errors are reported elsewhere).
    public static func all(in data: Data, limits: YAMLLimits = .default) -> [SchemaDifference] {
        guard let core = try? YAMLParser(limits: limits, schema: .core).documents(from: data),
            let yaml11 = try? YAMLParser(limits: limits, schema: .yaml11).documents(from: data), core.count == yaml11.count
        else { return [] }
        var found: [SchemaDifference] = []
        for (a, b) in zip(core, yaml11) { collect(a.root, b.root, into: &found) }
        return found
    }

    private static func collect(_ a: YAMLNode, _ b: YAMLNode, into found: inout [SchemaDifference]) {
        switch (a.content, b.content) {
        case (.scalar(let x), .scalar(let y)):
            if x.style == .plain, !sameValue(x, y) { found.append(SchemaDifference(mark: a.mark, core: x, yaml11: y)) }
        case (.sequence(let xs), .sequence(let ys)):
            for (x, y) in zip(xs, ys) { collect(x, y, into: &found) }
        case (.mapping(let xs), .mapping(let ys)):
            for (x, y) in zip(xs, ys) {
                collect(x.key, y.key, into: &found)
                collect(x.value, y.value, into: &found)
            }
        default:
            break
        }
    }

    /// Equal JSON values; `1.0` and `1` are the same number.
    private static func sameValue(_ x: YAMLScalar, _ y: YAMLScalar) -> Bool {
        guard let a = try? JSONScalar(x, mark: .unknown), let b = try? JSONScalar(y, mark: .unknown) else { return x.text == y.text }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let p), .bool(let q)): return p == q
        case (.string(let p), .string(let q)): return p == q
        case (.int(let p), .int(let q)): return p == q
        case (.int(let p), .float(let q)), (.float(let q), .int(let p)): return Double(p) == q
        case (.float(let p), .float(let q)): return p == q || (p.isNaN && q.isNaN)
        default: return false
        }
    }
}
