/// LATENCY LATEST | HISTORY event | RESET [event ...] | HELP (Redis 7.0's latency.c). Samples
/// are recorded only while latency-monitor-threshold is above zero: the "command" and
/// "fast-command" events, for commands at least that many milliseconds long. DOCTOR, GRAPH and
/// HISTOGRAM (per-command latency histograms) are not implemented and answer as unknown.
enum LatencyCommand {
    static let table: [CommandSpec] = [
        CommandSpec("latency", arity: -2, flags: [], group: .server, summary: "A container for latency diagnostics commands",
                    since: "2.8.13", complexity: "Depends on subcommand.", scope: .connection, subcommands: [
                        CommandSpec("history", arity: 3, flags: adminFlags, group: .server,
                                    summary: "Return timestamp-latency samples for an event", since: "2.8.13",
                                    scope: .connection, handler: history),
                        CommandSpec("latest", arity: 2, flags: adminFlags, group: .server,
                                    summary: "Return the latest latency samples for all events", since: "2.8.13",
                                    scope: .connection, handler: latest),
                        CommandSpec("reset", arity: -2, flags: adminFlags, group: .server,
                                    summary: "Reset latency data for one or more events", since: "2.8.13",
                                    scope: .connection, handler: reset),
                        CommandSpec("help", arity: 2, flags: [.loading, .stale], group: .server,
                                    summary: "Show helpful text about the different subcommands", since: "2.8.13",
                                    scope: .connection, handler: help),
                    ], handler: { $0.replyWrongArity() }),
    ]

    static let adminFlags: CommandFlags = [.admin, .noscript, .loading, .stale]

    /// Each event: name, time of its latest sample, that sample's and the all-time worst latency.
    static func latest(_ context: inout CommandContext) {
        let events = context.engine.latency.latest()
        context.replyArrayHeader(events.count)
        for event in events {
            context.replyArrayHeader(4)
            context.replyBulk(event.event)
            context.replyInteger(event.time)
            context.replyInteger(event.milliseconds)
            context.replyInteger(event.maxMilliseconds)
        }
    }

    /// [time, latency] pairs, oldest first; empty for an event never seen.
    static func history(_ context: inout CommandContext) {
        let samples = context.engine.latency.history(context.arguments.string(2))
        context.replyArrayHeader(samples.count)
        for sample in samples {
            context.replyArrayHeader(2)
            context.replyInteger(sample.time)
            context.replyInteger(sample.milliseconds)
        }
    }

    /// The number of event series reset.
    static func reset(_ context: inout CommandContext) {
        let events = context.arguments.count > 2 ? (2..<context.arguments.count).map { context.arguments.string($0) } : nil
        context.replyInteger(context.engine.latency.reset(events))
    }

    static func help(_ context: inout CommandContext) {
        ServerCommands.replyHelp(&context, [
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
        ])
    }
}
