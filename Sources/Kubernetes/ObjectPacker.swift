import Basics
import JSON

/// Packs one informer's objects into ``CompactObject``s and chooses the dictionary they are deflated against.
///
/// The first object's text is the first dictionary. A later object that packs far worse than those before it (more
/// than twice the running average of packed ÷ text size, and over a quarter of its text) has a shape the dictionary
/// does not know, such as Gateways that gained a status since the first list; its text becomes the dictionary for
/// the objects after it. Objects keep the dictionary they were packed against, so a switch never repacks the cache;
/// switches are at least `minimumRun` objects apart, so a mixed stream cannot make a dictionary per object.
///
/// A dictionary is made without the values of the object's `data` and `stringData`: a Secret's values are random,
/// so they would not help the packing, and a dictionary outlives the object it was made from, so it must not keep
/// a token or a private key in memory after their Secret has changed or gone.
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
        let text = object.json.serialized()
        let current = state.withLock { $0.dictionary }
        let dictionary = current ?? Self.dictionary(from: object)
        let compact = CompactObject(key: object.key, text: text, dictionary: dictionary)
        let ratio = Double(compact.packed.count) / Double(max(text.count, 1))
        state.withLock { state in
            if current == nil {
                if state.dictionary == nil { (state.dictionary, state.run) = (dictionary, 0) }
                return
            }
            guard state.dictionary === dictionary else { return }
            if state.run >= minimumRun, ratio > 0.25, ratio > 2 * state.averageRatio {
                state.dictionary = Self.dictionary(from: object)
                state.run = 0
                state.averageRatio = 0
                state.switches += 1
                return
            }
            state.averageRatio = state.run == 0 ? ratio : state.averageRatio + (ratio - state.averageRatio) / 16
            state.run += 1
        }
        return compact
    }

    /// `object`'s text with every value of its `data` and `stringData` emptied.
    static func dictionary(from object: KubernetesObject) -> PackingDictionary {
        var json = object.json
        for field in ["data", "stringData"] {
            guard let values = json[field]?.objectValue else { continue }
            json[field] = .object(values.mapValues { _ in .string("") })
        }
        let text = json.serialized()
        // Without the spare capacity the serializer's growth left (up to half of the buffer).
        return PackingDictionary([UInt8](unsafeUninitializedCapacity: text.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: text)
        })
    }
}
