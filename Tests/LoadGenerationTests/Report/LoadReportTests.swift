import Foundation
import Testing
@testable import LoadGeneration

@Suite("Load report")
struct LoadReportTests {
    let report = LoadReport(
        requests: 2_000, errors: 3, seconds: 0.5,
        latency: LatencySummary(min: 0.1, mean: 0.25, p50: 0.2, p90: 0.4, p99: 0.9, p999: 1.5, max: 2.0625),
        cpuSeconds: 0.125, connections: 50, pipeline: 16, threads: 2, rate: nil)

    @Test("--json prints one object with every field")
    func json() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["requests", "errors", "seconds", "rps", "latency_ms", "cpu_seconds",
                                     "connections", "pipeline", "threads", "rate"])
        #expect(object["requests"] as? Int == 2_000)
        #expect(object["rps"] as? Double == 4_000)
        #expect(object["rate"] is NSNull)
        let latency = try #require(object["latency_ms"] as? [String: Double])
        #expect(latency == ["min": 0.1, "mean": 0.25, "p50": 0.2, "p90": 0.4, "p99": 0.9, "p999": 1.5, "max": 2.063])
    }

    @Test("an open-loop run reports its rate")
    func rate() {
        var openLoop = report
        openLoop.rate = 1_000
        #expect(openLoop.json.contains("\"rate\":1000.00"))
    }

    @Test("numbers print in fixed point")
    func numbers() {
        #expect(LoadReport.number(0.0000123, decimals: 6) == "0.000012")
        #expect(LoadReport.number(-1.5, decimals: 1) == "-1.5")
        #expect(LoadReport.number(12, decimals: 0) == "12")
        #expect(LoadReport.number(.nan, decimals: 2) == "0")
    }
}
