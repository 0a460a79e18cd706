/// A binary min-heap of keys by deadline: the earliest deadline first. Entries are never removed from the middle;
/// the owner skips entries that no longer match its own record (lazy deletion).
struct DeadlineHeap<Key: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        var deadline: ContinuousClock.Instant
        var key: Key
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }

    /// The earliest entry.
    var first: Entry? { entries.first }

    mutating func insert(_ key: Key, at deadline: ContinuousClock.Instant) {
        entries.append(Entry(deadline: deadline, key: key))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    /// Rebuilds the heap from exactly `live` (dropping stale entries).
    mutating func rebuild(from live: [Key: ContinuousClock.Instant]) {
        entries = []
        entries.reserveCapacity(live.count)
        for (key, deadline) in live { insert(key, at: deadline) }
    }
}
