import JSON

/// A token of the query subset (see ``ConformanceQuery``).
enum ConformanceQueryToken: Equatable, CustomStringConvertible {
    case identifier(String)
    case quotedIdentifier(String)
    case literal(JSONValue)
    case number(Int)
    case symbol(String)
    case end

    var description: String {
        switch self {
        case .identifier(let name), .quotedIdentifier(let name): return name
        case .literal(let value): return value.jsonString
        case .number(let number): return String(number)
        case .symbol(let symbol): return symbol
        case .end: return "end of expression"
        }
    }
}

/// Splits a query into tokens.
enum ConformanceQueryLexer {
    static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "||", "&&", "[?", "[]"]

    static func tokens(_ text: String) throws -> [ConformanceQueryToken] {
        let characters = Array(text)
        var tokens: [ConformanceQueryToken] = []
        var index = 0
        func until(_ close: Character) throws -> String {
            var out = ""
            index += 1
            while index < characters.count, characters[index] != close {
                if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                out.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw ConformanceQuery.ParseError(description: "unterminated \(close) in \(text)") }
            index += 1
            return out
        }
        while index < characters.count {
            let character = characters[index]
            if character == " " { index += 1; continue }
            if character.isLetter || character == "_" {
                var name = ""
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    name.append(characters[index])
                    index += 1
                }
                tokens.append(.identifier(name))
            } else if character.isNumber || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber) {
                var digits = String(character)
                index += 1
                while index < characters.count, characters[index].isNumber { digits.append(characters[index]); index += 1 }
                tokens.append(.number(Int(digits)!))
            } else if character == "\"" {
                tokens.append(.quotedIdentifier(try until("\"")))
            } else if character == "'" {
                tokens.append(.literal(.string(try until("'"))))
            } else if character == "`" {
                let json = try until("`")
                tokens.append(.literal(try JSONValue(parsing: json)))
            } else {
                let pair = index + 1 < characters.count ? String([character, characters[index + 1]]) : ""
                if twoCharacterSymbols.contains(pair) {
                    tokens.append(.symbol(pair))
                    index += 2
                } else {
                    tokens.append(.symbol(String(character)))
                    index += 1
                }
            }
        }
        tokens.append(.end)
        return tokens
    }
}
