import Basics
import JSON

extension KubernetesStore {
    /// What the simulated workload controller reports once a rollout of `generation` is done:
    /// observedGeneration and the replica counts; a paused Deployment only observes the generation.
    func completeRollout(typeKey: String, namespace: String, name: String, generation: Int) {
        guard let type = type(forKey: typeKey) else { return }
        let key = KubernetesObjectKey(namespace: namespace, name: name)
        state.withLockedValue { state in
            guard let current = state.objects[typeKey]?[key]?.object,
                current[path: ["metadata", "generation"]]?.intValue == generation,
                current[path: ["metadata", "deletionTimestamp"]] == nil
            else { return }
            var object = current
            object["status"] = Self.rolledOutStatus(current, type: type, rolledTemplate: state.rolledTemplates[Self.workloadKey(type, key)])
            if type.kind == "Deployment", object[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == nil {
                object[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] = "1"
            }
            guard object != current else { return }
            Self.commit(&state, type: type, key: key, new: object, eventType: "MODIFIED", previous: current, historyLimit: historyLimit)
        }
    }

    /// The number of rollouts (pod template changes after creation) of one workload.
    public func rolloutCount(kind: String, namespace: String, name: String) -> Int {
        let plural = kind.lowercased() + "s"
        return state.withLockedValue { $0.rollouts["\(plural).apps/\(namespace)/\(name)"] ?? 0 }
    }

    private static func rolledOutStatus(_ object: JSONValue, type: KubernetesResourceType, rolledTemplate: JSONValue?) -> JSONValue {
        let generation = object[path: ["metadata", "generation"]] ?? 1
        let replicas = object[path: ["spec", "replicas"]]?.intValue ?? 1
        let revision = "\(object.metadataName)-\(String(UInt(bitPattern: (rolledTemplate ?? .null).hashValue) % 1_000_000_000, radix: 36))"
        var status = object["status"] ?? .emptyObject
        status["observedGeneration"] = generation
        switch type.kind {
        case "Deployment":
            let paused = object[path: ["spec", "paused"]]?.boolValue == true
            let current = rolledTemplate == object[path: ["spec", "template"]]
            let updated = paused && !current ? 0 : replicas
            status["replicas"] = .int(replicas)
            status["updatedReplicas"] = .int(updated)
            status["readyReplicas"] = .int(replicas)
            status["availableReplicas"] = .int(replicas)
            status["unavailableReplicas"] = nil
            let now = JSONValue.string(RFC3339.seconds(.now))
            let progressing: JSONValue = paused
                ? ["type": "Progressing", "status": "Unknown", "reason": "DeploymentPaused", "message": "Deployment is paused", "lastUpdateTime": now, "lastTransitionTime": now]
                : ["type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable", "message": .string("ReplicaSet \"\(revision)\" has successfully progressed."), "lastUpdateTime": now, "lastTransitionTime": now]
            status["conditions"] = [
                ["type": "Available", "status": "True", "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability.", "lastUpdateTime": now, "lastTransitionTime": now],
                progressing,
            ]
        case "StatefulSet":
            status["replicas"] = .int(replicas)
            status["readyReplicas"] = .int(replicas)
            status["currentReplicas"] = .int(replicas)
            status["updatedReplicas"] = .int(replicas)
            status["availableReplicas"] = .int(replicas)
            status["currentRevision"] = .string(revision)
            status["updateRevision"] = .string(revision)
        default:
            let fields: [String] = ["desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled", "numberAvailable"]
            for field in fields {
                status[field] = 1
            }
            status["numberMisscheduled"] = 0
        }
        return status
    }
}
