import ArgumentParser
import LoadGeneration

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct TesseraLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera-load",
        abstract: "Load generator for Redis-protocol servers (closed or open loop, pipelined, JSON results).")

    @Option(help: "Server host.") var host = "127.0.0.1"
    @Option(name: .shortAndLong, help: "Server port.") var port = 6379
    @Option(name: .shortAndLong, help: "Connections.") var connections = 50
    @Option(help: "Event-loop threads the connections are spread over.") var threads = 1
    @Option(name: [.customShort("P"), .long], help: "Requests in flight per connection.") var pipeline = 1
    @Option(help: "Measured run length in seconds.") var duration = 5.0
    @Option(name: [.customShort("n"), .long], help: "Stop after exactly n measured requests (overrides --duration).")
    var requests: Int?
    @Option(help: "Unmeasured run before measuring, in seconds.") var warmup = 0.0
    @Option(name: [.customShort("r"), .long], help: "Keys are drawn from 0..<keyspace.") var keyspace: UInt64 = 100_000
    @Option(help: "Key distribution: uniform or zipf.") var distribution = KeyDistributionName.uniform
    @Option(help: "Zipf exponent.") var zipfExponent = 0.99
    @Option(name: [.customShort("d"), .long], help: "Value size in bytes for __value__.") var valueSize = 3
    @Option(help: "Command template, repeatable; __key__ and __value__ are replaced (default: \"\(Workload.defaultTemplate)\").")
    var command: [String] = []
    @Option(help: "Relative frequency of each --command, e.g. 10,1.") var weights: String?
    @Option(help: "Open loop: hold this total request rate (requests/s).") var rate: Double?
    @Flag(help: "SET every key of the keyspace before anything else.") var preload = false
    @Flag(help: "Print exactly one JSON object on stdout.") var json = false

    enum KeyDistributionName: String, ExpressibleByArgument {
        case uniform, zipf
    }

    func validate() throws {
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard pipeline >= 1 else { throw ValidationError("--pipeline must be at least 1") }
        guard duration > 0 else { throw ValidationError("--duration must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard valueSize >= 0 else { throw ValidationError("--value-size must not be negative") }
        guard zipfExponent > 0 else { throw ValidationError("--zipf-exponent must be positive") }
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be positive") }
        if let weights, parsedWeights(weights) == nil {
            throw ValidationError("--weights takes positive integers separated by commas")
        }
    }

    func run() throws {
        let workload: Workload
        do {
            workload = try Workload(
                templates: command, weights: weights.flatMap(parsedWeights), keyspace: keyspace,
                zipfExponent: distribution == .zipf ? zipfExponent : nil, valueSize: valueSize)
        } catch {
            throw ValidationError(error.description)
        }
        var options = LoadOptions(workload: workload)
        options.host = host
        options.port = port
        options.connections = connections
        options.threads = threads
        options.pipeline = pipeline
        options.duration = duration
        options.requests = requests
        options.warmup = warmup
        options.rate = rate
        options.preload = preload

        let report: LoadReport
        do {
            report = try LoadRunner(options: options).run()
        } catch {
            printToStandardError("tessera-load: \(error)")
            throw ExitCode.failure
        }
        print(json ? report.json : report.summary)
    }

    private func parsedWeights(_ text: String) -> [UInt64]? {
        let values = text.split(separator: ",").map { UInt64($0.trimmingPrefix(" ")) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    private func printToStandardError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
