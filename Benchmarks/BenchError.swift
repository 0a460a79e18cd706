/// Why a benchmark run could not finish; the message says what failed and what to check.
struct BenchError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
