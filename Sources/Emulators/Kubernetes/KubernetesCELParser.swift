import JSON

/// Tokens and recursive-descent parsing for ``KubernetesCEL``, with CEL's precedence:
/// `?:` < `||` < `&&` < relations (`== != < <= > >= in`) < `+ -` < `* / %` < unary < member/call.
struct KubernetesCELParser {
    enum Token: Equatable, CustomStringConvertible {
        case identifier(String), number(JSONValue), string(String), symbol(String)
        var description: String {
            switch self {
            case .identifier(let text), .symbol(let text): return text
            case .number(let value): return value.jsonString
            case .string(let text): return JSONValue.string(text).jsonString
            }
        }
    }

    var tokens: [Token]
    var position = 0

    static func tokens(_ text: String) throws(KubernetesCEL.CompileError) -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            if character.isLetter || character == "_" {
                var name = ""
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    name.append(characters[index]); index += 1
                }
                tokens.append(.identifier(name))
            } else if character.isNumber {
                var digits = ""
                while index < characters.count, characters[index].isNumber || characters[index] == "." { digits.append(characters[index]); index += 1 }
                if let integer = Int(digits) { tokens.append(.number(.int(integer))) } else if let double = Double(digits) { tokens.append(.number(.double(double))) } else {
                    throw .init(message: "Syntax error: bad number \(digits)")
                }
            } else if character == "\"" || character == "'" {
                var literal = ""
                index += 1
                while index < characters.count, characters[index] != character {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    literal.append(characters[index]); index += 1
                }
                guard index < characters.count else { throw .init(message: "Syntax error: unterminated string") }
                index += 1
                tokens.append(.string(literal))
            } else {
                let pair = index + 1 < characters.count ? String([character, characters[index + 1]]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(pair) {
                    tokens.append(.symbol(pair)); index += 2
                } else if "!<>+-*/%().,?:[]".contains(character) {
                    tokens.append(.symbol(String(character))); index += 1
                } else {
                    throw .init(message: "Syntax error: token recognition error at: '\(character)'")
                }
            }
        }
        return tokens
    }

    private var peek: Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func take(_ symbol: String) -> Bool {
        guard peek == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: String) throws(KubernetesCEL.CompileError) {
        guard take(symbol) else { throw .init(message: "Syntax error: mismatched input '\(peek?.description ?? "<EOF>")' expecting '\(symbol)'") }
    }

    mutating func ternary() throws(KubernetesCEL.CompileError) -> KubernetesCEL {
        let condition = try binary(0)
        guard take("?") else { return condition }
        let then = try ternary()
        try expect(":")
        return .conditional(condition, then, try ternary())
    }

    static let levels: [[String]] = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "in"], ["+", "-"], ["*", "/", "%"]]

    private mutating func binary(_ level: Int) throws(KubernetesCEL.CompileError) -> KubernetesCEL {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level + 1)
        while let token = peek, case let text = token.description, Self.levels[level].contains(text),
              token == .symbol(text) || (text == "in" && token == .identifier("in")) {
            position += 1
            left = .binary(text, left, try binary(level + 1))
        }
        return left
    }

    private mutating func unary() throws(KubernetesCEL.CompileError) -> KubernetesCEL {
        if take("!") { return .unary("!", try unary()) }
        if take("-") { return .unary("-", try unary()) }
        var expression = try primary()
        while true {
            if take(".") {
                guard case .identifier(let name)? = peek else { throw .init(message: "Syntax error: mismatched input '\(peek?.description ?? "<EOF>")' expecting IDENTIFIER") }
                position += 1
                if take("(") {
                    try expect(")")
                    guard name == "size" else { throw .init(message: "undeclared reference to '\(name)'") }
                    expression = .size(expression)
                } else {
                    expression = .member(expression, name)
                }
            } else {
                return expression
            }
        }
    }

    private mutating func primary() throws(KubernetesCEL.CompileError) -> KubernetesCEL {
        guard let token = peek else {
            throw .init(message: "Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}")
        }
        position += 1
        switch token {
        case .number(let value): return .literal(value)
        case .string(let text): return .literal(.string(text))
        case .identifier("true"): return .literal(true)
        case .identifier("false"): return .literal(false)
        case .identifier("null"): return .literal(.null)
        case .identifier("self"), .identifier("oldSelf"): return .variable(token.description)
        case .identifier("has"):
            try expect("(")
            guard case .member(let base, let name) = try unary() else { throw .init(message: "invalid argument to has() macro") }
            try expect(")")
            return .has(base, name)
        case .identifier("size"):
            try expect("(")
            let argument = try ternary()
            try expect(")")
            return .size(argument)
        case .symbol("("):
            let inner = try ternary()
            try expect(")")
            return inner
        case .symbol("["):
            var items: [KubernetesCEL] = []
            while !take("]") {
                items.append(try ternary())
                _ = take(",")
            }
            return .list(items)
        default:
            throw .init(message: "Syntax error: mismatched input '\(token)'")
        }
    }
}
