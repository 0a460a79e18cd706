import Basics

/// Packs one informer's objects into ``CompactObject``s and chooses the dictionary they are deflated against.
///
/// The first object's text is the first dictionary. A later object that packs far worse than those before it (more
/// than twice the running average of packed ÷ text size, and over a quarter of its text) has a shape the dictionary
/// does not know, such as Gateways that gained a status since the first list; its text becomes the dictionary for
/// the objects after it. Objects keep the dictionary they were packed against, so a switch never repacks the cache;
/// switches are at least `minimumRun` objects apart, so a mixed stream cannot make a dictionary per object.
final class ObjectPacker: Sendable {
    private struct State {
        var dictionary: PackingDictionary?
        /// Objects packed against the current dictionary, not counting its own.
        var run = 0
        var averageRatio = 0.0
        var switches = 0
    }

    private let state = Locked(State())
    private let minimumRun: Int

    init(minimumRun: Int = 16) {
        self.minimumRun = minimumRun
    }

    /// How often the dictionary has been replaced after the first.
    var switches: Int { state.withLock { $0.switches } }

    func pack(_ object: KubernetesObject) -> CompactObject {
        let key = ObjectKey(namespace: object.metadata.namespace, name: object.metadata.name ?? "")
        let text = object.json.serialized()
        let (dictionary, isNew) = state.withLock { state in
            if let dictionary = state.dictionary { return (dictionary, false) }
            let dictionary = PackingDictionary(Self.exact(text))
            state.dictionary = dictionary
            state.run = 0
            return (dictionary, true)
        }
        let compact = CompactObject(key: key, text: text, dictionary: dictionary)
        if !isNew { observe(ratio: Double(compact.packed.count) / Double(max(text.count, 1)), text: text, packedAgainst: dictionary) }
        return compact
    }

    private func observe(ratio: Double, text: [UInt8], packedAgainst dictionary: PackingDictionary) {
        state.withLock { state in
            guard state.dictionary === dictionary else { return }
            if state.run >= minimumRun, ratio > 0.25, ratio > 2 * state.averageRatio {
                state.dictionary = PackingDictionary(Self.exact(text))
                state.run = 0
                state.averageRatio = 0
                state.switches += 1
                return
            }
            state.averageRatio = state.run == 0 ? ratio : state.averageRatio + (ratio - state.averageRatio) / 16
            state.run += 1
        }
    }

    /// A copy without the spare capacity the serializer's growth left (up to half of the buffer).
    private static func exact(_ text: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: text.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: text)
        }
    }
}
