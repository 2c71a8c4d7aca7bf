import NIOCore

/// `--preload`: SETs every key of the keyspace under each key name the workload uses, over its
/// own connections, before the run connects.
struct Preloader {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    let options: LoadOptions

    func run(loops: [any EventLoop]) throws {
        let templates = options.workload.preloadTemplates()
        guard !templates.isEmpty else { return }
        let control = PreloadControl(keyspace: options.workload.keyspace, setsPerKey: templates.count,
                                     finished: loops[0].makePromise())
        let connector = Connector(host: options.host, port: options.port)
        let channels = try connector.connect(count: options.connections, loops: loops) { _, _ in
            PreloadConnection(control: control, templates: templates)
        }
        defer { Connector.close(channels) }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(PreloadConnection.Start()) }
        try control.finished.futureResult.wait()
        if control.errors > 0 {
            throw Failed(description: "preload: \(control.errors) SETs were answered with an error")
        }
    }
}
