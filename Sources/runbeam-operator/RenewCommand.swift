import ArgumentParser
import GatewayAPI
import Operator

/// `runbeam-operator renew NAME|--all [-n NS|-A] [--selector]`: asks the operator to renew tokens now.
struct RenewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Renew Gateways' tokens now by setting their runbeam.io/renew-requested-at annotation.",
        discussion: "The operator sees the new annotation value and renews at once; `status gateway NAME` shows the result."
    )

    @Argument(help: "The Gateway to renew (or --all).")
    var name: String?

    @Flag(help: "Renew every Gateway in the namespace (with -A: in every namespace).")
    var all = false

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "With --all: every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .long], help: "With --all: only Gateways matching this label selector, e.g. env=prod.")
    var selector: String?

    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        if all == (name != nil) { throw ValidationError("give either a Gateway NAME or --all") }
        if !all, allNamespaces || selector != nil { throw ValidationError("-A and --selector go with --all, not with a NAME") }
        if allNamespaces, cluster.namespace != nil { throw ValidationError("give either -n NAMESPACE or -A, not both") }
    }

    func run() async throws {
        let (client, namespace) = try cluster.connect()
        defer { client.shutdown() }
        let renewer = GatewayRenewer(client: client)
        do {
            if let name {
                try await renewer.renew(namespace: namespace, name: name)
                print("renewal requested for Gateway \(namespace)/\(name)")
            } else {
                for gateway in try await renewer.renewAll(namespace: allNamespaces ? nil : namespace, selector: selector) {
                    print("renewal requested for Gateway \(gateway)")
                }
            }
        } catch {
            CommandErrorOutput.print("\(error)")
            throw ExitCode(1)
        }
    }
}
