import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JSON
import Testing
@testable import Emulators

/// Watches asked for in protobuf: length-prefixed `k8s\0` WatchEvent frames whose raw object is itself an envelope.
@Suite struct KubernetesProtobufWatchTests {
    @Test func aProtobufWatchSendsFramedWatchEvents() async throws {
        try await withKubernetesEmulator { emulator, client in
            #expect(try await client.send("POST", "/api/v1/namespaces/default/configmaps", body: ["metadata": ["name": "a"], "data": ["k": "v"]]).status == 201)
            var request = URLRequest(url: URL(string: emulator.baseURL.absoluteString + "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=0&timeoutSeconds=1")!)
            request.setValue("application/vnd.kubernetes.protobuf;stream=watch, application/json", forHTTPHeaderField: "Accept")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "application/vnd.kubernetes.protobuf;stream=watch")
            let bytes = [UInt8](data)
            try #require(bytes.count > 4)
            let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
            try #require(bytes.count >= 4 + length)
            let frame = Array(bytes[4..<(4 + length)])
            let summary = ConformanceProtobufEnvelope.summary(frame)
            #expect(summary["magic"] == true && summary["kind"] == "WatchEvent" && summary["apiVersion"] == "v1")
            let unknown = try #require(ConformanceProtobufEnvelope.fields(Array(frame.dropFirst(4))))
            let watchEvent = try #require(unknown.first { $0.0 == 2 }.flatMap { ConformanceProtobufEnvelope.fields($0.1) })
            #expect(watchEvent.first { $0.0 == 1 }.map { String(decoding: $0.1, as: UTF8.self) } == "ADDED")
            let rawExtension = try #require(watchEvent.first { $0.0 == 2 }.flatMap { ConformanceProtobufEnvelope.fields($0.1) })
            let object = try #require(rawExtension.first { $0.0 == 1 }?.1)
            #expect(ConformanceProtobufEnvelope.summary(object)["kind"] == "ConfigMap")
        }
    }
}
