/// A position in YAML input: 1-based line and column (columns count characters).
///
/// Nodes built in memory (for example by ``YAMLEncoder``) carry ``YAMLMark/unknown``.
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 1-based line, or 0 when the position is unknown.
    public var line: Int
    /// The 1-based column, or 0 when the position is unknown.
    public var column: Int

    /// Creates a mark from 1-based line and column numbers.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The mark of a node that did not come from text.
    public static let unknown = YAMLMark(line: 0, column: 0)

    /// Whether this mark points into real input.
    public var isKnown: Bool { line > 0 }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }

    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
