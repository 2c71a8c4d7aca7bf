import NIOEmbedded
import Testing
@testable import LoadGeneration

@Suite("Run control")
struct RunControlTests {
    @Test("-n hands out exactly n tickets however they are claimed")
    func exactTickets() {
        let loop = EmbeddedEventLoop()
        let control = RunControl(requests: 100, finished: loop.makePromise())
        var granted = 0
        for wanted in [16, 16, 16, 16, 16, 16, 16, 16, 1] { granted += control.claimTickets(wanted) }
        #expect(granted == 100)
        #expect(control.claimTickets(1) == 0)
        control.finished.succeed(())
    }

    @Test("the n-th measured reply ends the run")
    func endsAtTarget() throws {
        let loop = EmbeddedEventLoop()
        let control = RunControl(requests: 10, finished: loop.makePromise())
        control.beginMeasuring()
        control.completeMeasured(9)
        #expect(control.currentPhase == .measuring)
        control.completeMeasured(1)
        #expect(control.currentPhase == .stopped)
        try control.finished.futureResult.wait()
    }

    @Test("a duration run grants every claim until it is finished")
    func durationRun() throws {
        let loop = EmbeddedEventLoop()
        let control = RunControl(requests: nil, finished: loop.makePromise())
        #expect(control.currentPhase == .warmup)
        #expect(control.claimTickets(16) == 16)
        control.beginMeasuring()
        control.finish()
        control.finish()
        #expect(control.currentPhase == .stopped)
        #expect(control.endNanoseconds >= control.measureStartNanoseconds)
        try control.finished.futureResult.wait()
    }

    struct Broken: Error {}

    @Test("a connection broken during warm-up ends the run before it is measured")
    func failedWarmup() {
        let loop = EmbeddedEventLoop()
        let control = RunControl(requests: nil, finished: loop.makePromise())
        control.fail(Broken())
        control.beginMeasuring()
        #expect(control.currentPhase == .stopped)
        #expect(throws: Broken.self) { try control.finished.futureResult.wait() }
    }
}
