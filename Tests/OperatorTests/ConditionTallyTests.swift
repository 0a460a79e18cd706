import JSON
import Kubernetes
@testable import Operator
import Testing

@Suite("ConditionTally")
struct ConditionTallyTests {
    private func gateway(ready: String?, suspend: Bool = false) -> KubernetesObject {
        var object = KubernetesObject(["metadata": ["name": "gw", "namespace": "ns"], "spec": ["suspend": .bool(suspend)]])
        if let ready { object["status"] = ["conditions": [["type": "Ready", "status": .string(ready)]]] }
        return object
    }

    @Test("counts follow adds, updates that change the class, and deletes")
    func followsEvents() {
        let tally = ConditionTally()
        let a = ObjectKey(namespace: "ns", name: "a"), b = ObjectKey(namespace: "ns", name: "b")
        tally.observe(a, gateway(ready: nil))
        tally.observe(b, gateway(ready: "True"))
        #expect(tally.counts == ["ready": 1, "not_ready": 1, "suspended": 0])
        tally.observe(a, gateway(ready: "True"))
        tally.observe(a, gateway(ready: "True"))
        #expect(tally.counts == ["ready": 2, "not_ready": 0, "suspended": 0])
        tally.observe(b, gateway(ready: "True", suspend: true))
        #expect(tally.counts == ["ready": 1, "not_ready": 0, "suspended": 1])
        tally.forget(b)
        tally.forget(b)
        tally.observe(a, gateway(ready: "False"))
        #expect(tally.counts == ["ready": 0, "not_ready": 1, "suspended": 0])
    }
}
