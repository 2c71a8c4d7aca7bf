#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import RESP

/// Server commands: whole-keyspace and administrative ones. Each has its own file (INFO,
/// CONFIG, COMMAND, DEBUG, SLOWLOG, LATENCY); TIME and SHUTDOWN live here.
enum ServerCommands {
    static let table: [CommandSpec] = InfoCommand.table + ConfigCommand.table + CommandCommand.table
        + DebugCommand.table + SlowlogCommand.table + LatencyCommand.table + [
            CommandSpec("time", arity: 1, flags: [.loading, .stale, .fast], group: .server,
                        summary: "Return the current server time", since: "2.6.0", categories: ["fast"],
                        scope: .connection, handler: time),
            CommandSpec("shutdown", arity: -1, flags: [.admin, .noscript, .loading, .stale, .noMulti, .allowBusy],
                        group: .server, summary: "Synchronously save the dataset to disk and then shut down the server",
                        complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
                        scope: .allShards, handler: shutdown),
        ]

    static func time(_ context: inout CommandContext) {
        var now = timeval()
        gettimeofday(&now, nil)
        context.replyArrayHeader(2)
        Integer.withDigits(Int64(now.tv_sec)) { context.replyBulk($0) }
        Integer.withDigits(Int64(now.tv_usec)) { context.replyBulk($0) }
    }

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], with Redis 7.0's syntax rules.
    static func shutdown(_ context: inout CommandContext) {
        var flags = ShutdownFlags()
        var abort = false
        for index in 1..<context.arguments.count {
            if context.arguments.matches(index, "NOSAVE") {
                flags.nosave = true
            } else if context.arguments.matches(index, "SAVE") {
                flags.save = true
            } else if context.arguments.matches(index, "NOW") {
                flags.now = true
            } else if context.arguments.matches(index, "FORCE") {
                flags.force = true
            } else if context.arguments.matches(index, "ABORT") {
                abort = true
            } else {
                return context.replyError(ReplyError.syntax)
            }
        }
        if (abort && flags != ShutdownFlags()) || (flags.save && flags.nosave) {
            return context.replyError(ReplyError.syntax)
        }
        // A shutdown never waits here (there are no replicas to wait for), so none is in progress.
        if abort { return context.replyError(ReplyError.noShutdownInProgress) }
        if let refusal = context.engine.shutdownHoldingShards(flags) { return context.replyError(refusal) }
        // Only a handler that lets the process live (an embedding application) gets here.
        context.replyOK()
    }

    // MARK: shared by the server commands

    /// addReplyHelp: a header naming the command as typed, upper-cased, the lines, then HELP.
    static func replyHelp(_ context: inout CommandContext, _ lines: [String]) {
        context.replyArrayHeader(lines.count + 3)
        context.reply.writeRESPSimpleString(
            context.arguments.string(0).uppercased() + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
        for line in lines { context.reply.writeRESPSimpleString(line) }
        context.replySimple("HELP")
        context.replySimple("    Prints this help.")
    }

    /// addReplySubcommandSyntaxError.
    static func replySubcommandSyntaxError(_ context: inout CommandContext) {
        context.replyError(ReplyError.subcommandSyntax(context.arguments.string(1), context.arguments.string(0)))
    }
}

/// The options of SHUTDOWN, and of shutdown-on-sigterm / shutdown-on-sigint.
public struct ShutdownFlags: Sendable, Equatable {
    public var save = false
    public var nosave = false
    public var now = false
    public var force = false

    public init() {}

    /// From a shutdown-on-sig* value ("default", "nosave now"...).
    public init(directive: String) {
        for word in directive.split(separator: " ") {
            switch word {
            case "save": save = true
            case "nosave": nosave = true
            case "now": now = true
            case "force": force = true
            default: break
            }
        }
    }
}

extension Engine {
    /// Redis's prepareForShutdown/finishShutdown: a snapshot child is killed, the final snapshot
    /// is saved when save points are set (unless NOSAVE) or SAVE is given, and a failed save
    /// refuses the shutdown unless FORCE. Then the `shutdownHandler` ends the process. The
    /// caller holds every shard (SHUTDOWN runs so), so nothing is written after the save.
    /// Returns the error to reply when the shutdown is refused.
    func shutdownHoldingShards(_ flags: ShutdownFlags) -> String? {
        logger.warning("User requested shutdown...")
        if PersistenceCommands.writesSnapshot(forks.activeKind) {
            logger.warning("There is a child saving an .rdb. Killing it!")
            forks.killChild()
        }
        if (!snapshots.savePoints.isEmpty && !flags.nosave) || flags.save {
            logger.notice("Saving the final RDB snapshot before exiting.")
            if !saveHoldingShards() {
                guard flags.force else {
                    logger.warning("Error trying to save the DB, can't exit.")
                    logger.warning("Errors trying to shut down the server. Check the logs for more information.")
                    return ReplyError.shutdownFailed.description
                }
                logger.warning("Error trying to save the DB. Exit anyway.")
            }
        }
        guard let handler = shutdownHandler else {
            logger.warning("SHUTDOWN refused: no shutdown handler is installed (an embedded engine ends with its application).")
            logger.warning("Errors trying to shut down the server. Check the logs for more information.")
            return ReplyError.shutdownFailed.description
        }
        return handler(ShutdownRequest(now: flags.now, force: flags.force))
    }

    /// The same shutdown from outside the loops (SIGTERM, SIGINT): takes every shard first and
    /// waits, so it must not be called from an event loop.
    public func requestShutdown(_ flags: ShutdownFlags) -> String? {
        let refusal = loops[0].makePromise(of: String?.self)
        runHoldingShards(Array(0..<shardCount), origin: loops[0], { [self] in
            shutdownHoldingShards(flags)
        }, completion: { refusal.succeed($0) })
        return (try? refusal.futureResult.wait()) ?? nil
    }
}
