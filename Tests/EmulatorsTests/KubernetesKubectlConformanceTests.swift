import ChildProcess
import Foundation
import TestSupport
import Testing
@testable import Emulators

/// Drives the real `kubectl` (from `$KUBECTL` or `PATH`) against the emulator, checking every step.
/// Skipped only on a developer machine without kubectl; under CI (`CI=true`) a missing kubectl fails.
@Suite(.enabled(
    if: KubectlRunner.executable != nil || ProcessInfo.processInfo.environment["CI"] == "true",
    "kubectl not found on PATH or in $KUBECTL"
))
struct KubernetesKubectlConformanceTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg], categories: [all]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1, maximum: 10}
                      color: {type: string, enum: [red, blue], default: red}
                  status:
                    type: object
                    properties:
                      conditions: {type: array, items: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: nginx}]}
        """

    @Test func kubectlWorksAgainstTheEmulator() async throws {
        let cluster = try await EmulatedCluster.start(.init(rolloutDelay: .milliseconds(100)), folderPrefix: "kubectl")
        defer { Task { await cluster.stop() } }
        let emulator = cluster.emulator
        let kubectl = KubectlRunner(cluster: cluster)

        let resources = try await kubectl.run(["api-resources"])
        #expect(resources.status == 0)
        #expect(resources.stdout.contains("deployments") && resources.stdout.contains("customresourcedefinitions"))

        #expect(try await kubectl.run(["apply", "-f", "-"], input: Self.crd).stdout.contains("widgets.example.com created"))
        let applied = try await kubectl.run(["apply", "-f", "-"], input: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, labels: {app: a}}\nspec: {size: 3}\n")
        #expect(applied.stdout.contains("widget.example.com/w1 created"), "\(applied.stderr)")

        let yaml = try await kubectl.run(["get", "widgets", "-l", "app=a", "-o", "yaml"])
        #expect(yaml.stdout.contains("color: red"), "schema default applied")
        let columns = try await kubectl.run(["get", "wg"])
        #expect(columns.stdout.contains("SIZE") && columns.stdout.contains("READY"))
        #expect(columns.stdout.contains("w1") && columns.stdout.contains("3"))

        let serverSide = try await kubectl.run(["apply", "--server-side", "-f", "-"], input: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec: {size: 2}\n")
        #expect(serverSide.stdout.contains("serverside-applied"), "\(serverSide.stderr)")

        #expect(try await kubectl.run(["patch", "widget", "w1", "--type", "merge", "-p", #"{"spec":{"size":4}}"#]).status == 0)
        #expect(try await kubectl.run(["patch", "widget", "w1", "--type", "json", "-p", #"[{"op":"replace","path":"/spec/size","value":5}]"#]).status == 0)
        #expect(try await kubectl.run(["get", "widget", "w1", "-o", "jsonpath={.spec.size}"]).stdout == "5")
        let invalid = try await kubectl.run(["patch", "widget", "w1", "--type", "merge", "-p", #"{"spec":{"size":11}}"#])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("spec.size"), "the rejected field is named: \(invalid.stderr)")

        let secret = try await kubectl.run(["create", "secret", "generic", "creds", "--from-literal=token=abc"])
        #expect(secret.stdout.contains("secret/creds created"), "\(secret.stderr)")
        #expect(try await kubectl.run(["get", "secret", "creds", "-o", "jsonpath={.data.token}"]).stdout == "YWJj")

        #expect(try await kubectl.run(["apply", "-f", "-"], input: Self.deployment).status == 0)
        #expect(try await kubectl.run(["patch", "deployment", "web", "--type", "strategic", "-p", #"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:2"}]}}}}"#]).status == 0)
        #expect(try await kubectl.run(["get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]).stdout == "nginx:2")
        #expect(try await kubectl.run(["rollout", "restart", "deployment/web"]).status == 0)
        let status = try await kubectl.run(["rollout", "status", "deployment/web", "--timeout=20s"])
        #expect(status.stdout.contains("successfully rolled out"), "\(status.stderr)")
        #expect(emulator.rolloutCount(namespace: "default", name: "web") == 2)

        #expect(try await kubectl.run(["patch", "widget", "w1", "--subresource=status", "--type", "merge", "-p", #"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#]).status == 0)
        let waited = try await kubectl.run(["wait", "--for=condition=Ready", "widget/w1", "--timeout=10s"])
        #expect(waited.stdout.contains("condition met"), "\(waited.stderr)")

        // The watch prints the existing widgets first: once w1 shows, it is watching.
        let watch = try kubectl.start(["get", "widgets", "-w", "--output-watch-events", "-o", "json"])
        let watching = await eventually(timeout: .seconds(30), every: .milliseconds(100)) { String(decoding: watch.standardOutput, as: UTF8.self).contains("\"w1\"") }
        #expect(watching, "kubectl get -w printed nothing")
        #expect(try await kubectl.run(["create", "-f", "-"], input: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {size: 1}\n").status == 0)
        #expect(try await kubectl.run(["label", "widget", "w3", "x=y"]).status == 0)
        #expect(try await kubectl.run(["delete", "widget", "w3"]).status == 0)
        _ = await eventually(timeout: .seconds(30), every: .milliseconds(100)) { String(decoding: watch.standardOutput, as: UTF8.self).contains("DELETED") }
        let events = await kubectl.stop(watch)
        #expect(events.contains("ADDED") && events.contains("MODIFIED") && events.contains("DELETED"), "\(events)")

        #expect(try await kubectl.run(["patch", "widget", "w2", "--type", "merge", "-p", #"{"metadata":{"finalizers":["example.com/hold"]}}"#]).status == 0)
        let deleting = try kubectl.start(["delete", "widget", "w2", "--wait=true", "--timeout=60s"])
        let marked = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            try await kubectl.run(["get", "widget", "w2", "-o", "jsonpath={.metadata.deletionTimestamp}"]).stdout.isEmpty == false
        }
        #expect(marked, "the waiting delete did not mark w2 for deletion")
        #expect(try await kubectl.run(["patch", "widget", "w2", "--type", "json", "-p", #"[{"op":"remove","path":"/metadata/finalizers"}]"#]).status == 0)
        #expect(await kubectl.wait(deleting) == 0)
        #expect(try await kubectl.run(["get", "widget", "w2"]).status != 0)

        emulator.faults.compactHistory()
        // As a real server does, the watch is answered 200 and its one event is an ERROR with the 410 Status.
        let gone = try await kubectl.run(["get", "--raw", "/apis/example.com/v1/namespaces/default/widgets?watch=true&resourceVersion=2&timeoutSeconds=5"])
        #expect(gone.stdout.contains("\"ERROR\"") && gone.stdout.contains("Expired") && gone.stdout.contains("410"), "\(gone.stdout) \(gone.stderr)")
    }
}

/// `kubectl auth can-i` through SelfSubjectAccessReview, answered from the emulator's RBAC evaluation. Real kubectl
/// sends no bearer token over plain HTTP, so the user is `system:anonymous`, bound here to a namespaced Role.
@Suite(.enabled(
    if: KubectlRunner.executable != nil || ProcessInfo.processInfo.environment["CI"] == "true",
    "kubectl not found on PATH or in $KUBECTL"
))
struct KubectlAuthCanITests {
    @Test func canIAnswersFromTheStoredRoles() async throws {
        // A configured token turns authentication on, so a request without one is system:anonymous.
        let cluster = try await EmulatedCluster.start(.init(bearerTokens: ["unused-admin-token"], anonymousRequests: true), folderPrefix: "kubectl")
        defer { Task { await cluster.stop() } }
        let emulator = cluster.emulator
        _ = try emulator.store.create([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "reader", "namespace": "default"],
            "rules": [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]]],
        ])
        _ = try emulator.store.create([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "reader", "namespace": "default"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"],
            "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "system:anonymous"]],
        ])
        // Discovery and access reviews for the anonymous user too (a real cluster grants them to authenticated users only).
        _ = try emulator.store.create([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "anonymous-discovery"],
            "rules": [
                ["nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/version", "/openapi/*"], "verbs": ["get"]],
                ["apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectaccessreviews"], "verbs": ["create"]],
            ],
        ])
        _ = try emulator.store.create([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": "anonymous-discovery"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "anonymous-discovery"],
            "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "system:anonymous"]],
        ])
        let kubectl = KubectlRunner(cluster: cluster)
        let allowed = try await kubectl.run(["auth", "can-i", "list", "configmaps", "-n", "default"])
        #expect(allowed.status == 0 && allowed.stdout == "yes", "\(allowed.stdout) \(allowed.stderr)")
        let denied = try await kubectl.run(["auth", "can-i", "create", "secrets", "-n", "default"])
        #expect(denied.status == 1 && denied.stdout == "no", "\(denied.stdout) \(denied.stderr)")
        let elsewhere = try await kubectl.run(["auth", "can-i", "list", "configmaps", "-n", "other"])
        #expect(elsewhere.stdout == "no", "\(elsewhere.stdout) \(elsewhere.stderr)")
    }
}

/// Runs kubectl with the kubeconfig of an ``EmulatedCluster`` and a cache folder in the cluster's folder.
struct KubectlRunner {
    static var executable: URL? {
        if let path = ProcessInfo.processInfo.environment["KUBECTL"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("kubectl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let folder: URL
    let kubeconfig: URL

    init(cluster: EmulatedCluster) {
        folder = cluster.folder.url
        kubeconfig = cluster.kubeconfig
    }

    private func command(_ arguments: [String], input: String = "", error: ChildOutput = .collect()) -> ChildCommand {
        ChildCommand(
            executable: Self.executable?.path ?? "kubectl",
            arguments: ["--kubeconfig", kubeconfig.path, "--cache-dir", folder.appendingPathComponent("cache").path] + arguments,
            environment: ProcessInfo.processInfo.environment, input: .data(Data(input.utf8)), error: error
        )
    }

    func run(_ arguments: [String], input: String = "") async throws -> Result {
        let result = try await ChildProcess.run(command(arguments, input: input))
        return Result(
            status: result.exit.status, stdout: String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            stderr: String(decoding: result.standardError, as: UTF8.self)
        )
    }

    /// Starts a long-running kubectl (a watch, a waiting delete).
    func start(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(command(arguments, error: .discard))
    }

    /// Stops a started kubectl and returns what it printed.
    func stop(_ started: ChildProcess) async -> String {
        started.terminate()
        _ = await started.wait()
        return String(decoding: started.standardOutput, as: UTF8.self)
    }

    /// Waits for a started kubectl to exit and returns its status.
    func wait(_ started: ChildProcess) async -> Int32 {
        await started.wait().status
    }
}
