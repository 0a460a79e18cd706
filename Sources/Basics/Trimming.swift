extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (Unicode whitespace that is not a line
    /// break), as Foundation's `trimmingCharacters(in: .whitespaces)`.
    public func trimmingWhitespace() -> String {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    /// The text without leading and trailing whitespace and line breaks, as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public func trimmingWhitespaceAndNewlines() -> String {
        trimming(\.isWhitespace)
    }

    /// The text without leading and trailing `characters`, e.g. `"[::1]".trimming(["[", "]"])` is `::1`.
    public func trimming(_ characters: Set<Character>) -> String {
        trimming { characters.contains($0) }
    }

    private func trimming(_ isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first...last])
    }
}
