import JSON
import Kubernetes
@testable import Operator
import Testing

@Suite("WriteExpectations")
struct WriteExpectationsTests {
    private func object(_ resourceVersion: String, uid: String = "u1") -> KubernetesObject {
        KubernetesObject(["metadata": ["name": "gw", "uid": .string(uid), "resourceVersion": .string(resourceVersion)]])
    }

    @Test("a lagging cache is answered with the written object until it catches up")
    func laggingCache() {
        let writes = WriteExpectations<String>()
        writes.wrote("k", object("5"), cached: object("4"))
        #expect(writes.resolve("k", cached: object("4")) == object("5"))
        writes.observed("k", object("5"))
        #expect(writes.count == 0)
        #expect(writes.resolve("k", cached: object("5")) == object("5"))
    }

    @Test("a write whose watch event arrived first leaves nothing behind")
    func eventFirst() {
        let writes = WriteExpectations<String>()
        writes.observed("k", object("7"))
        writes.wrote("k", object("7"), cached: object("7"))
        writes.wrote("j", object("9"), cached: object("3", uid: "other"))
        #expect(writes.count == 0)
        #expect(writes.resolve("k", cached: object("7")) == object("7"))
    }

    @Test("expired entries of keys never looked up again are swept by a later write")
    func sweep() async throws {
        let writes = WriteExpectations<String>(timeToLive: .milliseconds(20))
        writes.wrote("a", object("5"), cached: nil)
        writes.wrote("b", object("5"), cached: nil)
        #expect(writes.count == 2)
        try await Task.sleep(for: .milliseconds(60))
        writes.wrote("c", object("5"), cached: nil)
        #expect(writes.count == 1)
    }
}
