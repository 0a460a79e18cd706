import JSON

/// A Pratt parser for the query subset, with JMESPath's binding powers: a projection's right side takes
/// only `.`, `[` and `[?` (binding power ≥ 10), so `a[].b != null` compares the whole projection.
struct ConformanceQueryParser {
    var tokens: [ConformanceQueryToken]
    var position = 0

    var peek: ConformanceQueryToken { tokens[position] }

    mutating func next() -> ConformanceQueryToken {
        defer { position += 1 }
        return tokens[position]
    }

    mutating func expect(_ symbol: String) throws {
        guard next() == .symbol(symbol) else { throw ConformanceQuery.ParseError(description: "expected \(symbol)") }
    }

    static func bindingPower(_ token: ConformanceQueryToken) -> Int {
        guard case .symbol(let symbol) = token else { return 0 }
        switch symbol {
        case "|": return 1
        case "||": return 2
        case "&&": return 3
        case "==", "!=", "<", "<=", ">", ">=": return 5
        case "[]": return 9
        case "[?": return 21
        case ".": return 40
        case "[": return 55
        default: return 0
        }
    }

    mutating func expression(_ rightBindingPower: Int) throws -> ConformanceQuery {
        var left = try prefix(next())
        while rightBindingPower < Self.bindingPower(peek) {
            left = try infix(next(), left)
        }
        return left
    }

    mutating func prefix(_ token: ConformanceQueryToken) throws -> ConformanceQuery {
        switch token {
        case .identifier(let name):
            if peek == .symbol("(") {
                _ = next()
                var arguments: [ConformanceQuery] = []
                while peek != .symbol(")") {
                    arguments.append(try expression(0))
                    if peek == .symbol(",") { _ = next() }
                }
                _ = next()
                return .function(name, arguments)
            }
            return .field(name)
        case .quotedIdentifier(let name): return .field(name)
        case .literal(let value): return .literal(value)
        case .symbol("@"): return .current
        case .symbol("!"): return .not(try expression(45))
        case .symbol("&"): return .reference(try expression(0))
        case .symbol("{"): return try hash()
        case .symbol("("):
            let inner = try expression(0)
            try expect(")")
            return inner
        case .symbol("[]"): return .projection(.flatten(.current), try projectionRight(9))
        case .symbol("["): return try bracket(.current)
        case .symbol("[?"): return try filter(.current)
        default: throw ConformanceQuery.ParseError(description: "unexpected \(token)")
        }
    }

    mutating func infix(_ token: ConformanceQueryToken, _ left: ConformanceQuery) throws -> ConformanceQuery {
        switch token {
        case .symbol("."): return .subexpression(left, try dotRight())
        case .symbol("[]"): return .projection(.flatten(left), try projectionRight(9))
        case .symbol("["): return try bracket(left)
        case .symbol("[?"): return try filter(left)
        case .symbol("|"): return .pipe(left, try expression(1))
        case .symbol("||"): return .or(left, try expression(2))
        case .symbol("&&"): return .and(left, try expression(3))
        case .symbol(let op): return .comparison(op, left, try expression(5))
        default: throw ConformanceQuery.ParseError(description: "unexpected \(token)")
        }
    }

    mutating func bracket(_ left: ConformanceQuery) throws -> ConformanceQuery {
        guard case .number(let index) = next() else { throw ConformanceQuery.ParseError(description: "expected an index") }
        try expect("]")
        return .subexpression(left, .index(index))
    }

    mutating func filter(_ left: ConformanceQuery) throws -> ConformanceQuery {
        let condition = try expression(0)
        try expect("]")
        return .projection(.filter(left, condition: condition), try projectionRight(21))
    }

    mutating func dotRight() throws -> ConformanceQuery {
        switch next() {
        case .identifier(let name), .quotedIdentifier(let name): return .field(name)
        case .symbol("{"): return try hash()
        case let token: throw ConformanceQuery.ParseError(description: "unexpected \(token) after .")
        }
    }

    /// What a projection applies to each element: nothing (identity) when the next token binds loosely.
    mutating func projectionRight(_ bindingPower: Int) throws -> ConformanceQuery {
        if Self.bindingPower(peek) < 10 { return .current }
        if peek == .symbol(".") {
            _ = next()
            var right = try dotRight()
            while bindingPower < Self.bindingPower(peek) { right = try infix(next(), right) }
            return right
        }
        return try expression(bindingPower)
    }

    mutating func hash() throws -> ConformanceQuery {
        var pairs: [(String, ConformanceQuery)] = []
        while true {
            guard case .identifier(let key) = next() else { throw ConformanceQuery.ParseError(description: "expected a key") }
            try expect(":")
            pairs.append((key, try expression(0)))
            if next() == .symbol("}") { return .hash(pairs) }
        }
    }
}
