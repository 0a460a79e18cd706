import FoundationEssentials
import JSON
import YAML

/// Offline validation of Gateway manifests for pre-merge checks: the CRD's structural schema, then
/// the controller's own validation, every problem with its file, line and column.
public struct GatewayManifestValidator: Sendable {
    /// What one file held.
    public struct Report: Sendable {
        public var problems: [ManifestProblem] = []
        /// Valid settings that will not do what they seem to (printed, but they do not fail the check).
        public var warnings: [ManifestProblem] = []
        /// Gateways checked.
        public var gateways = 0
        /// Objects of other kinds, skipped: where they start and their kind.
        public var skipped: [(mark: YAMLMark, kind: String)] = []
        /// Every object read, lists expanded, scalars resolved as kubectl resolves them.
        public var objects: [YAMLNode] = []
    }

    private let validator: GatewayValidator

    public init(configuration: OperatorConfiguration = OperatorConfiguration()) {
        validator = GatewayValidator(configuration: configuration)
    }

    /// Checks every object of `data` (YAML or JSON, read as kubectl reads it: YAML 1.1 scalars,
    /// lists expanded); `file` names it in the problems.
    public func validate(_ data: Data, file: String) -> Report {
        var report = Report()
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser(schema: .yaml11).documents(from: data, fileName: file)
        } catch {
            report.problems.append(Self.problem(error, file: file))
            return report
        }
        // What kubectl sends is what counts; a plain scalar other YAML 1.2 tools read differently deserves a look.
        report.warnings += SchemaDifference.all(in: data).map { difference in
            ManifestProblem(
                file: file, mark: difference.mark,
                message: "warning: \(difference); kubectl sends \(difference.yaml11.type == .string ? "\"\(difference.yaml11.text)\"" : difference.yaml11.text). "
                    + "Write the value you mean, or quote it for a string")
        }
        for document in documents where !document.isEmpty {
            for entry in ManifestObjects.entries(of: document.root) {
                switch entry {
                case .problem(let node, let message):
                    report.problems.append(ManifestProblem(file: file, mark: node.mark, message: message))
                case .object(let root):
                    report.objects.append(root)
                    do {
                        _ = try root.jsonData()  // kubectl refuses a file with an object that has no JSON form (.inf)
                    } catch {
                        report.problems.append(Self.problem(error, file: file))
                    }
                    check(object: root, file: file, into: &report)
                }
            }
        }
        return report
    }

    /// The group's objects are checked (a Gateway without `apiVersion` too: kubectl rejects it);
    /// everything else, including other groups' `Gateway` kinds, is skipped.
    private func check(object root: YAMLNode, file: String, into report: inout Report) {
        let kind = root["kind"]?.string
        let apiVersion = root["apiVersion"]?.string
        let inGroup = apiVersion.map { $0 == GatewayCRD.group || $0.hasPrefix("\(GatewayCRD.group)/") } ?? false
        let served = "\(GatewayCRD.group)/\(GatewayCRD.version)"
        switch (kind, apiVersion) {
        case (Gateway.kind, nil):
            report.gateways += 1
            report.problems.append(
                ManifestProblem(
                    file: file, mark: root.mark,
                    message: "apiVersion: required; kubectl rejects a Gateway without it. Add apiVersion: \(served)"))
        case (Gateway.kind, _) where inGroup:
            report.gateways += 1
            let problems = check(root, apiVersion: apiVersion ?? "", file: file)
            report.problems += problems
            if problems.isEmpty { report.warnings += warnings(root, file: file) }
        case (_, _) where inGroup:
            let found = kind.map { "kind: \($0) is not served by \(GatewayCRD.group)" } ?? "kind: required"
            report.problems.append(
                ManifestProblem(file: file, mark: (root["kind"] ?? root).mark, message: "\(found); use kind: \(Gateway.kind)"))
        default:
            report.skipped.append((root.mark, kind ?? "(no kind)"))
        }
    }

    /// Runbeam Cloud's machine-token lifetime, which a `renewBefore` must stay under to mean what it says.
    public static let tokenLifetimeSeconds: Double = 30 * 86_400

    /// Warnings for a Gateway that passed every check: a `renewBefore` of 720h or more is not shorter than the token's
    /// 30-day lifetime, so the operator replaces it (renewing with a third of the lifetime left).
    private func warnings(_ root: YAMLNode, file: String) -> [ManifestProblem] {
        guard let node = root["spec"]?["renewal"]?["renewBefore"], let text = node.string,
            let duration = try? GoDuration(parsing: text), duration.seconds >= Self.tokenLifetimeSeconds
        else { return [] }
        let third = GoDuration.largestWholeUnit(Self.tokenLifetimeSeconds / 3)
        return [
            ManifestProblem(
                file: file, mark: node.mark,
                message: "warning: spec.renewal.renewBefore: \(text) is not shorter than the 30-day (720h) token lifetime; the operator "
                    + "renews \(third) before expiry instead. Use a shorter renewBefore (e.g. 240h) or renewBeforePercentage")
        ]
    }

    private func check(_ root: YAMLNode, apiVersion: String, file: String) -> [ManifestProblem] {
        func problem(_ node: YAMLNode, _ message: String) -> ManifestProblem { ManifestProblem(file: file, mark: node.mark, message: message) }
        var problems: [ManifestProblem] = []
        if apiVersion != "\(GatewayCRD.group)/\(GatewayCRD.version)" {
            problems.append(problem(root["apiVersion"] ?? root, "apiVersion: \(apiVersion) is not served; use \(GatewayCRD.group)/\(GatewayCRD.version)"))
        }
        if let name = root["metadata"]?["name"]?.string {
            if !GatewayConstraints.isDNSSubdomain(name) {
                problems.append(problem(root["metadata"]?["name"] ?? root, "metadata.name: \"\(name)\" is not a DNS subdomain name"))
            }
        } else if root["metadata"]?["name"]?.isNull ?? true {
            problems.append(problem(root["metadata"] ?? root, "metadata.name: required"))
        }
        var schemaCheck = StructuralSchemaCheck()
        var withoutMetadata = root
        if case .mapping(let pairs) = root.content {
            withoutMetadata.content = .mapping(pairs.filter { $0.key.string != "metadata" })
        }
        schemaCheck.check(withoutMetadata, against: .object(GatewaySchema.root.json), path: "")
        if let metadata = root["metadata"] { schemaCheck.check(metadata, against: ObjectMetaSchema.schema, path: "metadata") }
        problems += schemaCheck.findings.map { ManifestProblem(file: file, mark: $0.mark, message: $0.message) }
        guard problems.isEmpty, (try? root.jsonData()) != nil else { return problems }

        let gateway: Gateway
        do {
            gateway = try YAMLDecoder(unknownKeys: .ignore).decode(Gateway.self, from: root, fileName: file)
        } catch {
            return [Self.problem(error, file: file)]
        }
        if case .failure(let failure) = validator.validate(gateway) {
            problems += failure.problems.map { problem(Self.node(at: $0.field, in: root), "\($0.field): \($0.message)") }
        }
        return problems
    }

    private static func problem(_ error: YAMLError, file: String) -> ManifestProblem {
        ManifestProblem(
            file: file, mark: error.mark ?? YAMLMark(line: 1, column: 1),
            message: error.path.isEmpty ? error.message : "\(error.path): \(error.message)"
        )
    }

    /// The node a field path (`spec.rollout.targets[0].name`, `spec.secret.labels[team]`) names, or the
    /// nearest existing ancestor.
    static func node(at path: String, in root: YAMLNode) -> YAMLNode {
        var node = root
        var remaining = Substring(path)
        while !remaining.isEmpty {
            if remaining.first == "." { remaining = remaining.dropFirst() }
            let next: YAMLNode?
            if remaining.first == "[", let close = remaining.firstIndex(of: "]") {
                let inner = String(remaining[remaining.index(after: remaining.startIndex)..<close])
                next = Int(inner).flatMap { node[$0] } ?? node[inner]
                remaining = remaining[remaining.index(after: close)...]
            } else {
                let end = remaining.firstIndex { $0 == "." || $0 == "[" } ?? remaining.endIndex
                next = node[String(remaining[..<end])]
                remaining = remaining[end...]
            }
            guard let next else { return node }
            node = next
        }
        return node
    }
}
