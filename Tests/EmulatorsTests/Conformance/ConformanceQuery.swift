import JSON

/// The subset of JMESPath the conformance scenarios use in `extract`, `capture` and `wait.until`:
/// fields (plain and quoted), `@`, literals (`` `json` ``, `'raw'`), `.`, `[n]`, `[]` and `[?cond]`
/// projections, multi-select hashes `{k: expr}`, `|`, `||`, `&&`, `!`, comparisons, and the functions
/// `length`, `keys`, `values`, `sort`, `sort_by`, `contains`, `starts_with`.
indirect enum ConformanceQuery {
    case current
    case field(String)
    case literal(JSONValue)
    case subexpression(ConformanceQuery, ConformanceQuery)
    case index(Int)
    /// Evaluates the left side to a list and applies the right side to every element, dropping nulls.
    case projection(ConformanceQuery, ConformanceQuery)
    case flatten(ConformanceQuery)
    case filter(ConformanceQuery, condition: ConformanceQuery)
    case hash([(String, ConformanceQuery)])
    case comparison(String, ConformanceQuery, ConformanceQuery)
    case and(ConformanceQuery, ConformanceQuery)
    case or(ConformanceQuery, ConformanceQuery)
    case not(ConformanceQuery)
    case pipe(ConformanceQuery, ConformanceQuery)
    case function(String, [ConformanceQuery])
    case reference(ConformanceQuery)

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses an expression; throws on syntax outside the subset.
    init(_ text: String) throws {
        var parser = ConformanceQueryParser(tokens: try ConformanceQueryLexer.tokens(text))
        self = try parser.expression(0)
        guard parser.peek == .end else { throw ParseError(description: "unexpected \(parser.peek) in \(text)") }
    }

    /// The value of the expression over `value`, or nil (JMESPath null). Unknown functions evaluate to nil.
    func evaluate(_ value: JSONValue?) -> JSONValue? {
        switch self {
        case .current: return value
        case .field(let name): return value?.objectValue?[name]
        case .literal(let literal): return literal
        case .subexpression(let left, let right): return right.evaluate(left.evaluate(value))
        case .index(let index):
            guard let items = value?.arrayValue else { return nil }
            let position = index < 0 ? items.count + index : index
            return items.indices.contains(position) ? items[position] : nil
        case .projection(let left, let right):
            guard let items = left.evaluate(value)?.arrayValue else { return nil }
            return .array(items.compactMap { right.evaluate($0) }.filter { !$0.isNull })
        case .flatten(let inner):
            guard let items = inner.evaluate(value)?.arrayValue else { return nil }
            return .array(items.flatMap { $0.arrayValue ?? [$0] })
        case .filter(let inner, let condition):
            guard let items = inner.evaluate(value)?.arrayValue else { return nil }
            return .array(items.filter { Self.isTruthy(condition.evaluate($0)) })
        case .hash(let pairs):
            guard let value, !value.isNull else { return nil }
            var object: [String: JSONValue] = [:]
            for (key, expression) in pairs { object[key] = expression.evaluate(value) ?? .null }
            return .object(object)
        case .comparison(let op, let left, let right):
            return Self.compare(op, left.evaluate(value) ?? .null, right.evaluate(value) ?? .null)
        case .and(let left, let right):
            let first = left.evaluate(value)
            return Self.isTruthy(first) ? right.evaluate(value) : first
        case .or(let left, let right):
            let first = left.evaluate(value)
            return Self.isTruthy(first) ? first : right.evaluate(value)
        case .not(let inner): return .bool(!Self.isTruthy(inner.evaluate(value)))
        case .pipe(let left, let right): return right.evaluate(left.evaluate(value))
        case .function(let name, let arguments): return ConformanceQueryFunctions.call(name, arguments, on: value)
        case .reference: return nil
        }
    }

    /// JMESPath truthiness: null, false, "", [] and {} are false.
    static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: return false
        case .string(let text)?: return !text.isEmpty
        case .array(let items)?: return !items.isEmpty
        case .object(let members)?: return !members.isEmpty
        default: return true
        }
    }

    static func compare(_ op: String, _ left: JSONValue, _ right: JSONValue) -> JSONValue? {
        switch op {
        case "==": return .bool(ConformanceJSON.equal(left, right))
        case "!=": return .bool(!ConformanceJSON.equal(left, right))
        default:
            guard let a = left.doubleValue, let b = right.doubleValue else { return nil }
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        }
    }
}
