import Foundation
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes
import Operator
import TestSupport
import Testing

/// One invalid Gateway spec: how to break the valid one, the field path the message must name, and whether the
/// CRD's structural schema can refuse it too.
struct HostileSpec: Sendable, CustomTestStringConvertible {
    enum SchemaOutcome: Sendable, Hashable {
        /// The emulator (like a real API server) answers 422 naming this field.
        case rejected(field: String)
        /// The emulator prunes the unknown member and stores the rest.
        case pruned(path: [String])
        /// A schema cannot say it, or only a CEL rule does (the emulator runs none); the validator must.
        case notExpressible
    }

    var name: String
    var field: String
    var schema: SchemaOutcome
    var edit: @Sendable (inout JSONValue) -> Void

    var testDescription: String { name }

    /// Sets (or, with nil, removes) the member at `path` under `spec`.
    static func set(_ path: [String], _ value: JSONValue?, field: String? = nil, schema: SchemaOutcome? = nil, _ name: String? = nil) -> HostileSpec {
        let field = field ?? (["spec"] + path).joined(separator: ".")
        let label = name ?? "\((["spec"] + path).joined(separator: ".")) = \(value.map { String($0.jsonString.prefix(40)) } ?? "(absent)")"
        return HostileSpec(name: label, field: field, schema: schema ?? .rejected(field: field)) { object in
            object[path: ["spec"] + path] = value
        }
    }

    /// The valid Gateway every case starts from.
    static let valid: JSONValue = [
        "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
        "metadata": ["name": "prod", "namespace": "harmony", "uid": "uid-prod", "generation": 3],
        "spec": [
            "gatewayCode": "prod-gateway",
            "cloud": ["apiURL": "https://api.runbeam.cloud/api", "credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]],
            "rollout": ["targets": [["kind": "Deployment", "name": "harmony"]]],
        ],
    ]

    static func long(_ count: Int, _ character: Character = "a") -> JSONValue { .string(String(repeating: character, count: count)) }

    static func targets(_ count: Int) -> JSONValue {
        .array((0..<count).map { ["kind": "Deployment", "name": .string("harmony-\($0)")] })
    }

    static let cases: [HostileSpec] = {
        let none = SchemaOutcome.notExpressible
        var cases: [HostileSpec] = [
            // spec itself
            set([], nil, field: "spec", schema: .rejected(field: "spec"), "spec missing"),
            HostileSpec(name: "spec = null", field: "spec", schema: .rejected(field: "spec")) { $0["spec"] = .null },
            HostileSpec(name: "spec = 5", field: "spec", schema: .rejected(field: "spec")) { $0["spec"] = 5 },
            HostileSpec(name: "spec = []", field: "spec", schema: .rejected(field: "spec")) { $0["spec"] = [] },
        ]
        // gatewayCode
        for value: JSONValue in [5, true, [:], ["a"], "", long(129), "Prod-Gateway", "-prod", "prod-", "prod gateway", "prod/gateway", "prød"] {
            cases.append(set(["gatewayCode"], value))
        }
        cases.append(set(["gatewayCode"], "prod-gateway\n", schema: none, "spec.gatewayCode with a trailing line break"))
        cases.append(
            HostileSpec(name: "metadata.name of 200 characters as the default gatewayCode", field: "spec.gatewayCode (default metadata.name)", schema: none) {
                $0[path: ["spec", "gatewayCode"]] = nil
                $0[path: ["metadata", "name"]] = long(200)
            })
        // cloud
        for value: JSONValue? in [nil, "x", [], .null] { cases.append(set(["cloud"], value)) }
        for value: JSONValue in [5, "", "not a url", "ftp://api.example/api", "javascript:alert(1)", .string("https://api.example/" + String(repeating: "a", count: 3000))] {
            cases.append(set(["cloud", "apiURL"], value))
        }
        for value: JSONValue in [
            "https://", "https://user:secret@api.example/api", "https://api.example/api?x=1", "https://api.example/api#f", "http://api.example/api",
            "http://127.0.0.1.evil.example/api", "http://0x7f000001/api", "http://2130706433/api",
        ] {
            cases.append(set(["cloud", "apiURL"], value, schema: none))
        }
        cases.append(set(["cloud", "apiURL"], .string("https://" + String(repeating: "h", count: 1500) + ".example/api"), schema: none, "spec.cloud.apiURL of 1,500 characters"))
        for value: JSONValue? in [nil, 5, "runbeam-api-token"] { cases.append(set(["cloud", "credentialsSecretRef"], value)) }
        for value: JSONValue? in [nil, 5, "", "Bad_Name", long(254)] { cases.append(set(["cloud", "credentialsSecretRef", "name"], value)) }
        for value: JSONValue? in [nil, 5, "", "a b", "a/b", long(254)] { cases.append(set(["cloud", "credentialsSecretRef", "key"], value)) }
        cases.append(set(["cloud", "credentialsSecretRef", "key"], "token\n", schema: none, "spec.cloud.credentialsSecretRef.key with a trailing line break"))
        // secret
        cases.append(set(["secret"], "x"))
        for value: JSONValue in [5, "", "UPPER", "a_b", long(254)] { cases.append(set(["secret", "name"], value)) }
        cases.append(set(["secret", "name"], "runbeam-api-token", schema: none, "spec.secret.name = the credentials Secret"))
        cases.append(set(["secret", "name"], "prod-runbeam\n", schema: none, "spec.secret.name with a trailing line break"))
        cases.append(
            HostileSpec(name: "metadata.name of 250 characters as the default Secret name", field: "spec.secret.name (default <name>-runbeam)", schema: none) {
                $0[path: ["metadata", "name"]] = long(250)
            })
        for value: JSONValue in [5, "", "a b", "a/b", long(254)] { cases.append(set(["secret", "machineTokenKey"], value)) }
        for value: JSONValue in [5, "", "a:b"] { cases.append(set(["secret", "encryptionKeyKey"], value)) }
        cases.append(set(["secret", "encryptionKeyKey"], "machine-token", schema: none, "spec.secret.encryptionKeyKey = machineTokenKey"))
        for value: JSONValue in [5, "base64", "raw", "Hex", ""] { cases.append(set(["secret", "encryptionKeyFormat"], value)) }
        for key in ["labels", "annotations"] {
            cases.append(set(["secret", key], "x"))
            cases.append(set(["secret", key], ["a": 5], field: "spec.secret.\(key).a"))
            cases.append(set(["secret", key], ["bad key": "v"], field: "spec.secret.\(key)[bad key]", schema: none))
            cases.append(set(["secret", key], ["-a": "v"], field: "spec.secret.\(key)[-a]", schema: none))
            cases.append(set(["secret", key], .object([String(repeating: "k", count: 300): "v"]), field: "spec.secret.\(key)[kkkk", schema: none, "spec.secret.\(key) with a 300-character key"))
        }
        cases.append(set(["secret", "labels"], ["a": long(64)], field: "spec.secret.labels[a]", schema: none))
        cases.append(set(["secret", "labels"], ["a": "v w"], field: "spec.secret.labels[a]", schema: none))
        cases.append(set(["secret", "labels"], ["app.kubernetes.io/managed-by": "me"], field: "spec.secret.labels[app.kubernetes.io/managed-by]", schema: none))
        cases.append(set(["secret", "annotations"], ["runbeam.io/recipient": "age1x"], field: "spec.secret.annotations[runbeam.io/recipient]", schema: none))
        // renewal
        cases.append(set(["renewal"], "240h"))
        for value: JSONValue in [5, "", "abc", "10", "-1h", "1h30", "1e3h", "h", "1.5.5h", long(100, "9")] {
            cases.append(set(["renewal", "renewBefore"], value))
        }
        for value: JSONValue in ["30s", "59.9s", "0s", "8761h", .string("1" + String(repeating: "9", count: 40) + "h")] {
            cases.append(set(["renewal", "renewBefore"], value, schema: none))
        }
        for value: JSONValue in [0, 100, -5, 1.5, "33", 1e20, true] { cases.append(set(["renewal", "renewBeforePercentage"], value)) }
        cases.append(set(["renewal"], ["renewBefore": "240h", "renewBeforePercentage": 20], schema: none, "spec.renewal with both fields (a CEL rule)"))
        // encryptionKey
        cases.append(set(["encryptionKey"], "Never"))
        for value: JSONValue in [5, "never", "Always", ""] { cases.append(set(["encryptionKey", "rotation"], value)) }
        // rollout
        cases.append(set(["rollout"], "harmony"))
        cases.append(set(["rollout", "targets"], "harmony"))
        cases.append(set(["rollout", "targets"], [5], field: "spec.rollout.targets[0]"))
        let badKinds: [JSONValue] = [
            ["name": "harmony"], ["kind": "Pod", "name": "harmony"], ["kind": "deployment", "name": "harmony"], ["kind": 5, "name": "harmony"],
        ]
        for (index, target) in badKinds.enumerated() {
            cases.append(set(["rollout", "targets"], [target], field: "spec.rollout.targets[0].kind", "spec.rollout.targets[0] kind #\(index)"))
        }
        for (index, name) in [JSONValue?.none, 5, "", "Harmony", long(254)].enumerated() {
            var target: JSONValue = ["kind": "Deployment"]
            if let name { target["name"] = name }
            cases.append(set(["rollout", "targets"], [target], field: "spec.rollout.targets[0].name", "spec.rollout.targets[0] name #\(index)"))
        }
        cases.append(set(["rollout", "targets"], [["kind": "Deployment", "name": "harmony\n"]], field: "spec.rollout.targets[0].name", schema: none, "a target name with a line break"))
        cases.append(set(["rollout", "targets"], [["kind": "Deployment", "name": "harmony"], ["kind": "Deployment", "name": "harmony"]], field: "spec.rollout.targets[1]", schema: none, "a target listed twice (a list-map key)"))
        cases.append(set(["rollout", "targets"], targets(65), field: "spec.rollout.targets", "65 targets"))
        cases.append(set(["rollout"], ["selector": [:]], field: "spec.rollout.selector.matchLabels", schema: none, "an empty selector (a CEL rule)"))
        cases.append(set(["rollout"], ["selector": ["matchLabels": [:]]], field: "spec.rollout.selector.matchLabels", schema: none, "empty matchLabels (a CEL rule)"))
        cases.append(set(["rollout"], ["selector": ["matchLabels": ["app": 5]]], field: "spec.rollout.selector.matchLabels.app", "a matchLabels value of the wrong type"))
        cases.append(set(["rollout"], ["selector": ["matchLabels": ["bad key": "v"]]], field: "spec.rollout.selector.matchLabels[bad key]", schema: none, "an invalid matchLabels key"))
        cases.append(
            set(["rollout"], ["targets": [["kind": "Deployment", "name": "harmony"]], "selector": ["matchLabels": ["app": "harmony"]]], schema: none, "targets and selector (a CEL rule)"))
        // suspend
        for value: JSONValue in ["true", 1, [:]] { cases.append(set(["suspend"], value)) }
        // unknown members: a real API server prunes them; raw JSON reaching the reconciler names them
        for path in [["foo"], ["renewal", "renewbefore"], ["cloud", "credentialsSecretRef", "namespace"], ["secret", "type"], ["rollout", "selector", "matchExpressions"]] {
            var edit = HostileSpec.set(path, "x", schema: .pruned(path: ["spec"] + path))
            if path.first == "rollout" {
                edit = HostileSpec(name: "spec.rollout.selector.matchExpressions", field: "spec.rollout.selector.matchExpressions", schema: .pruned(path: ["spec", "rollout", "selector", "matchExpressions"])) {
                    $0[path: ["spec", "rollout"]] = ["selector": ["matchLabels": ["app": "harmony"], "matchExpressions": [["key": "app", "operator": "Exists"]]]]
                }
            }
            cases.append(edit)
        }
        cases.append(
            HostileSpec(name: "an unknown member in a target", field: "spec.rollout.targets[0].namespace", schema: .pruned(path: [])) {
                $0[path: ["spec", "rollout", "targets"]] = [["kind": "Deployment", "name": "harmony", "namespace": "kube-system"]]
            })
        return cases
    }()
}

/// Every invalid Gateway spec, through decoding, validation and the pure reconciler.
@Suite struct HostileGatewaySpecTests {
    /// What a reconcile of `object` did.
    struct Outcome {
        var result: ReconcileResult
        var issuerCalls: Int
        var problems: [String]
    }

    static func reconcile(_ object: JSONValue) async -> Outcome {
        let harness = Harness()
        switch GatewayResource.decode(KubernetesObject(object)) {
        case .failure(let error):
            let result = GatewayResource.invalidSpecResult(KubernetesObject(object), error: error, now: harness.now)
            return Outcome(result: result, issuerCalls: 0, problems: [error.message])
        case .success(let gateway):
            harness.gateway = gateway
            let problems: [String]
            switch harness.reconciler.validator.validate(gateway) {
            case .failure(let error): problems = error.problems.map(\.field)
            case .success: problems = []
            }
            let result = await harness.reconcile()
            return Outcome(result: result, issuerCalls: harness.issuer.calls.count, problems: problems)
        }
    }

    @Test func theValidSpecIsValid() async throws {
        let outcome = await Self.reconcile(HostileSpec.valid)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.result.secretWrite != nil)
        #expect(outcome.issuerCalls == 1)
    }

    @Test(arguments: HostileSpec.cases)
    func anInvalidSpecNamesItsFieldAndWritesNothing(_ hostile: HostileSpec) async throws {
        var object = HostileSpec.valid
        hostile.edit(&object)
        let outcome = await Self.reconcile(object)
        let ready = try #require(outcome.result.status?.condition(.ready), "no Ready condition; problems: \(outcome.problems)")
        #expect(ready.status == "False")
        #expect(ready.reason == "InvalidSpec", "\(ready.message)")
        #expect(ready.message.contains(hostile.field), "\(ready.message)")
        #expect(ready.message.utf8.count <= 2048, "message of \(ready.message.utf8.count) bytes")
        #expect(!ready.message.contains("\n"))
        #expect(!ready.message.contains("secret@"), "a password in the API URL reached the status")
        #expect(outcome.result.secretWrite == nil)
        #expect(outcome.result.restarts.isEmpty)
        #expect(outcome.issuerCalls == 0)
        #expect(outcome.result.nextReconcile == nil)
        #expect(outcome.result.events.contains { $0.reason == "InvalidSpec" })
    }

    @Test func unknownMembersOfAValidSpecAreNamed() async throws {
        var object = HostileSpec.valid
        object[path: ["spec", "renewal"]] = ["renewBefore": "240h", "renewbefore": "1h"]
        let outcome = await Self.reconcile(object)
        let message = try #require(outcome.result.status?.condition(.ready)?.message)
        #expect(message.contains("spec.renewal.renewbefore: unknown field"))
        #expect(message.contains("renewBefore, renewBeforePercentage"))
    }

    @Test func manyProblemsAreCountedNotListed() async throws {
        var object = HostileSpec.valid
        var labels: [String: JSONValue] = [:]
        for index in 0..<500 { labels["bad key \(index) " + String(repeating: "x", count: 200)] = .string(String(repeating: "v", count: 300)) }
        object[path: ["spec", "secret"]] = ["labels": .object(labels)]
        let outcome = await Self.reconcile(object)
        let message = try #require(outcome.result.status?.condition(.ready)?.message)
        #expect(outcome.problems.count == 1000)
        #expect(message.contains("and 990 more problems"))
        #expect(message.utf8.count < 4096)
    }

    /// 1,000 arbitrary specs from a seeded generator: none crashes; each is valid or names a `spec` field.
    @Test func arbitrarySpecsNeverCrash() async throws {
        var random = SplitMix64(seed: 0x5EED_CAFE)
        var counts = (valid: 0, decodeErrors: 0, validationErrors: 0)
        for index in 0..<1000 {
            var object = HostileSpec.valid
            if index % 4 == 0 {
                object["spec"] = random.anyJSON(depth: 3)
            } else {
                for _ in 0..<random.int(1...4) {
                    let path = random.element(SplitMix64.specPaths)
                    object[path: ["spec"] + path] = random.chance(0.15) ? nil : random.specValue()
                }
            }
            let outcome = await Self.reconcile(object)
            let ready = outcome.result.status?.condition(.ready)
            if ready?.reason == "InvalidSpec" {
                let message = ready?.message ?? ""
                #expect(message.contains("spec"), "case \(index): \(message)")
                #expect(outcome.result.secretWrite == nil && outcome.result.restarts.isEmpty && outcome.issuerCalls == 0, "case \(index)")
                #expect(message.utf8.count <= 4096, "case \(index)")
                if outcome.problems.allSatisfy({ $0.hasPrefix("spec.") }), !outcome.problems.isEmpty {
                    counts.validationErrors += 1
                } else {
                    counts.decodeErrors += 1
                }
            } else {
                #expect(outcome.problems.isEmpty, "case \(index): \(outcome.problems)")
                counts.valid += 1
            }
        }
        #expect(counts.valid > 0 && counts.decodeErrors > 0 && counts.validationErrors > 0, "\(counts)")
    }
}

/// Draws from the seeded generator, so a failing case can be replayed.
extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func element<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    static let specPaths: [[String]] = [
        ["gatewayCode"], ["cloud"], ["cloud", "apiURL"], ["cloud", "credentialsSecretRef"], ["cloud", "credentialsSecretRef", "name"],
        ["cloud", "credentialsSecretRef", "key"], ["secret"], ["secret", "name"], ["secret", "machineTokenKey"], ["secret", "encryptionKeyKey"],
        ["secret", "encryptionKeyFormat"], ["secret", "labels"], ["secret", "annotations"], ["renewal"], ["renewal", "renewBefore"],
        ["renewal", "renewBeforePercentage"], ["encryptionKey"], ["encryptionKey", "rotation"], ["rollout"], ["rollout", "targets"],
        ["rollout", "selector"], ["rollout", "selector", "matchLabels"], ["suspend"], ["unknown"],
    ]

    static let interestingStrings: [String] = [
        "", " ", "a", "prod-gateway", "Prod", "-x", "x-", "a.b", "a/b", "a b", "token", "runbeam-api-token", "harmony", "Deployment",
        "StatefulSet", "Pod", "Base64", "Raw", "Never", "OnRenewal", "240h", "30s", "1h30m", "9999999h", "-1h", "0", "https://api.runbeam.cloud/api",
        "http://127.0.0.1:8080/api", "http://evil.example/api", "ftp://x", "ünï", "\u{0}", "line\nbreak", "app.kubernetes.io/managed-by",
        String(repeating: "a", count: 129), String(repeating: "b", count: 254), String(repeating: "c", count: 5000),
    ]

    mutating func specValue() -> JSONValue {
        switch int(0...9) {
        case 0...4: return .string(element(Self.interestingStrings))
        case 5: return .int(element([0, 1, 33, 99, 100, -1, Int.max, Int.min]))
        case 6: return .double(element([1.5, -0.0, 1e300, 33.0]))
        case 7: return .bool(chance(0.5))
        case 8: return .null
        default: return anyJSON(depth: 2)
        }
    }

    mutating func anyJSON(depth: Int) -> JSONValue {
        switch int(0...(depth > 0 ? 7 : 4)) {
        case 0: return .null
        case 1: return .bool(chance(0.5))
        case 2: return .int(int(-1000...1000))
        case 3: return .double(Double(int(-1000...1000)) / 7)
        case 4: return .string(element(Self.interestingStrings))
        case 5: return .array((0..<int(0...4)).map { _ in anyJSON(depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            let names = ["gatewayCode", "cloud", "apiURL", "credentialsSecretRef", "name", "key", "secret", "renewal", "rollout", "targets", "kind", "x"]
            for _ in 0..<int(0...5) { members[element(names)] = anyJSON(depth: depth - 1) }
            return .object(members)
        }
    }
}
