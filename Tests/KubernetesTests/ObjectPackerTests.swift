import JSON
import Testing
@testable import Kubernetes

@Suite struct ObjectPackerTests {
    /// A Gateway as the API server returns it, with a status once it has been reconciled.
    static func gateway(_ index: Int, withStatus: Bool) -> KubernetesObject {
        let name = "gw-\(index)"
        var json: JSONValue = [
            "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
            "metadata": [
                "name": .string(name), "namespace": "bench", "uid": .string(Self.noise(index, 36)), "resourceVersion": .string("\(1000 + index)"),
                "creationTimestamp": "2026-12-02T13:40:03Z", "generation": 1,
            ],
            "spec": ["gatewayCode": .string("bench-\(name)"), "cloud": ["credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]]],
        ]
        if withStatus {
            json["status"] = [
                "conditions": [[
                    "type": "Ready", "status": "True", "reason": "TokenValid", "observedGeneration": 1,
                    "lastTransitionTime": "2026-12-02T13:40:06Z",
                    "message": .string("Secret \(name)-runbeam holds a token valid until 2027-01-01T13:40:06Z; renewal at 2026-12-21T09:08:00Z"),
                ]],
                "tokenHash": .string(Self.noise(index + 7, 64)), "recipient": .string("age1" + Self.noise(index + 11, 58)),
                "secretName": .string("\(name)-runbeam"), "expiresAt": "2027-01-01T13:40:06Z", "observedGeneration": 1,
            ]
        }
        return KubernetesObject(json)
    }

    /// `count` hexadecimal digits that differ for every seed, as uids and hashes do.
    static func noise(_ seed: Int, _ count: Int) -> String {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return String((0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Array("0123456789abcdef")[Int(state % 16)]
        })
    }

    @Test func objectsOfOneKindPackToAFractionOfTheirTextAndReadBackUnchanged() {
        let packer = ObjectPacker()
        let objects = (0..<200).map { Self.gateway($0, withStatus: true) }
        let packed = objects.map(packer.pack)
        for (object, compact) in zip(objects, packed) {
            #expect(compact.object == object)
            #expect(compact.key == ObjectKey(namespace: "bench", name: object.metadata.name ?? ""))
        }
        let text = packed.map(\.length).reduce(0, +)
        let kept = packed.map(\.packed.count).reduce(0, +)
        #expect(kept * 4 < text, "packed \(kept) bytes of \(text)")
        #expect(packer.switches == 0)
    }

    @Test func aNewShapeBecomesTheDictionaryOnceAndPacksSmallAfterwards() {
        let packer = ObjectPacker(minimumRun: 16)
        // The first list: no status yet. Then the statuses arrive.
        let bare = (0..<50).map { packer.pack(Self.gateway($0, withStatus: false)) }
        let first = packer.pack(Self.gateway(0, withStatus: true))
        let later = (1..<50).map { packer.pack(Self.gateway($0, withStatus: true)) }
        #expect(packer.switches == 1)
        #expect(first.dictionary === bare[0].dictionary)
        #expect(later.allSatisfy { $0.dictionary !== bare[0].dictionary })
        let average = later.map(\.packed.count).reduce(0, +) / later.count
        #expect(average * 2 < first.packed.count, "after the switch \(average) bytes each, the first with a status \(first.packed.count)")
        // Objects packed before the switch still read back.
        #expect(bare[7].object == Self.gateway(7, withStatus: false))
    }

    @Test func unrelatedObjectsCannotMakeADictionaryEach() {
        let packer = ObjectPacker(minimumRun: 16)
        for index in 0..<400 {
            // Alternating shapes, each mostly noise: every one packs badly against any dictionary.
            let object = KubernetesObject(["metadata": ["name": .string("o\(index)")], "data": .string(Self.noise(index, 300 + index % 2 * 300))])
            #expect(packer.pack(object).object == object)
        }
        #expect(packer.switches <= 400 / 17)
    }

    @Test func sameTextIsRecognisedAcrossDictionaries() {
        let packer = ObjectPacker(minimumRun: 1)
        let before = packer.pack(Self.gateway(3, withStatus: true))
        _ = packer.pack(Self.gateway(4, withStatus: false))
        _ = packer.pack(Self.gateway(5, withStatus: false))
        let unrelated = KubernetesObject(["metadata": ["name": "x"], "data": .string(Self.noise(1, 2000))])
        _ = packer.pack(unrelated)
        _ = packer.pack(unrelated)
        let after = packer.pack(Self.gateway(3, withStatus: true))
        #expect(before.dictionary !== after.dictionary)
        #expect(before.hasSameText(as: after))
        #expect(!before.hasSameText(as: packer.pack(Self.gateway(6, withStatus: true))))
    }
}

extension ObjectPackerTests {
    @Test func aDictionaryNeverHoldsASecretsValues() {
        let packer = ObjectPacker(minimumRun: 1)
        func secret(_ index: Int, token: String) -> KubernetesObject {
            KubernetesObject([
                "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": ["name": .string("gw-\(index)-runbeam"), "namespace": "bench", "uid": .string(Self.noise(index, 36))],
                "data": ["machine-token": .string(token), "encryption-key": .string(Self.noise(index + 99, 136))],
                "stringData": ["note": .string("plain-\(token)")],
            ])
        }
        // Gateways first, so that the Secrets after them pack badly and one of them becomes the next dictionary.
        let gateways = (0..<20).map { packer.pack(Self.gateway($0, withStatus: true)) }
        let tokens = (0..<40).map { "SECRETVALUE" + Self.noise($0 + 500, 300) }
        let packed = tokens.enumerated().map { packer.pack(secret($0.offset, token: $0.element)) }
        #expect(packer.switches == 1)
        let dictionaries = Set((gateways + packed).map { ObjectIdentifier($0.dictionary) })
        #expect(dictionaries.count == 2)
        for compact in packed {
            let dictionary = String(decoding: compact.dictionary.bytes, as: UTF8.self)
            #expect(!dictionary.contains("SECRETVALUE"))
        }
        let secretDictionary = String(decoding: packed[39].dictionary.bytes, as: UTF8.self)
        #expect(secretDictionary.contains(#""data":{"encryption-key":"","machine-token":""}"#))
        #expect(secretDictionary.contains(#""stringData":{"note":""}"#))
        // The values are still in the packed objects themselves.
        #expect(packed[3].object == secret(3, token: tokens[3]))
        // The first dictionary of a packer too.
        let first = ObjectPacker().pack(secret(1, token: tokens[1]))
        #expect(!String(decoding: first.dictionary.bytes, as: UTF8.self).contains("SECRETVALUE"))
    }
}
