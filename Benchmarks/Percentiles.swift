/// Sorted samples with nearest-rank percentiles.
struct Percentiles: Sendable {
    private let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    var count: Int { sorted.count }

    /// The nearest-rank value at `fraction` (0.5 is the median, 1 the maximum); 0 without samples.
    func value(at fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
