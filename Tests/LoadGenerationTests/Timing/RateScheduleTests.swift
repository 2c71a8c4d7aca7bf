import Testing
@testable import LoadGeneration

@Suite("Open-loop rate schedule")
struct RateScheduleTests {
    @Test("each connection sends at rate/connections, every connections/rate seconds")
    func perConnection() {
        var schedule = RateSchedule(totalRate: 1_000, connections: 4, connectionIndex: 0, startNanoseconds: 5_000)
        var times: [UInt64] = []
        for _ in 0..<3 {
            times.append(schedule.nextTime)
            schedule.advance()
        }
        #expect(times == [5_000, 4_005_000, 8_005_000])
    }

    @Test("connections are staggered so the whole run sends one request every 1/rate seconds")
    func evenlySpread() {
        let rate = 3_000.0, connections = 7, perConnection = 50
        var all: [UInt64] = []
        for index in 0..<connections {
            var schedule = RateSchedule(totalRate: rate, connections: connections, connectionIndex: index, startNanoseconds: 0)
            for _ in 0..<perConnection {
                all.append(schedule.nextTime)
                schedule.advance()
            }
        }
        all.sort()
        let gap = 1e9 / rate
        for (position, time) in all.enumerated() {
            #expect(abs(Double(time) - gap * Double(position)) <= 1, "request \(position) at \(time)")
        }
    }

    @Test("intended times do not drift over a long run")
    func noDrift() {
        var schedule = RateSchedule(totalRate: 3, connections: 1, connectionIndex: 0, startNanoseconds: 0)
        for _ in 0..<3_000_000 { schedule.advance() }
        #expect(schedule.nextTime == 1_000_000_000_000_000 || schedule.nextTime == 999_999_999_999_999)
    }
}
