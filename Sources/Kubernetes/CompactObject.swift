import Deflate
import JSON

/// An object held as its compact JSON text (sorted keys), deflated against a dictionary shared by the objects of its
/// informer (``ObjectPacker``): a few hundred bytes where the text is over a thousand, since objects of one kind
/// repeat each other's keys and most of their values. ``object`` unpacks and parses it again on each read.
struct CompactObject: Sendable {
    let key: ObjectKey
    let dictionary: PackingDictionary
    /// The text deflated against `dictionary`.
    let packed: [UInt8]
    /// The text's length in bytes.
    let length: Int

    init(key: ObjectKey, text: [UInt8], dictionary: PackingDictionary) {
        self.key = key
        self.dictionary = dictionary
        packed = RawDeflate.compress(text, dictionary: dictionary.bytes)
        length = text.count
    }

    /// The compact JSON text.
    var text: [UInt8] {
        do {
            return try RawDeflate.decompress(packed, dictionary: dictionary.bytes, length: length)
        } catch {
            // Packed in this process against the same immutable dictionary: only corrupted memory gets here.
            preconditionFailure("a cached object does not unpack: \(error)")
        }
    }

    /// The text was written by ``JSONValue/serialized()``, so it always parses.
    var object: KubernetesObject { KubernetesObject((try? JSONValue(parsing: text)) ?? .emptyObject) }

    /// Whether both hold the same text: deflate is deterministic, so against one dictionary the packed bytes tell.
    func hasSameText(as other: CompactObject) -> Bool {
        guard length == other.length else { return false }
        if dictionary === other.dictionary { return packed == other.packed }
        return text == other.text
    }
}

/// The text a group of ``CompactObject``s is deflated against; shared, immutable.
final class PackingDictionary: Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
}
