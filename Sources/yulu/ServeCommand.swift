import ArgumentParser
import Dispatch
import Foundation
import Logging
import NIOCore
import YuluServer

/// `yulu serve`: the line-protocol server over TCP (DESIGN, "Line protocol").
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Answer search requests over TCP, one JSON response per request line.",
        discussion: """
            Try it with nc:  printf 'SEARCH 项目为王\\nCOUNT 营商环境\\n' | nc 127.0.0.1 7878
            A newer index generation (from `yulu index`) is served within a second. SIGINT or SIGTERM stops
            accepting, answers every request already read, and exits 0.
            """)

    @OptionGroup var location: IndexLocation
    @Option(help: "Address to listen on (loopback unless told otherwise).")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one, printed on stderr).")
    var port = 7878
    @Option(help: "Longest request line in bytes; longer lines get an error and are discarded to their end.")
    var maxLine = 1 << 20
    @Option(help: "Most connections at once; more get an error line and are closed.")
    var maxConnections = 1024
    @Option(help: "Seconds without a request before a connection is closed.")
    var idleTimeout = 300
    @Option(help: "Seconds a request may take before it is answered with a timeout error.")
    var requestTimeout = 30
    @Option(help: "Threads that run queries (default: twice the cores).")
    var threads: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func run() throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var configuration = ServerConfiguration(folder: location.folder)
        configuration.host = host
        configuration.port = port
        configuration.maximumLineLength = maxLine
        configuration.maximumConnections = maxConnections
        configuration.idleTimeout = .seconds(Int64(idleTimeout))
        configuration.requestTimeout = .seconds(Int64(requestTimeout))
        if let threads { configuration.queryThreads = threads }
        let server = try Server.start(configuration, logger: Logger(label: "yulu.serve"))
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Task { await server.shutdown() } }
            source.resume()
            return source
        }
        let stopped = DispatchSemaphore(value: 0)
        Task {
            await server.waitUntilStopped()
            stopped.signal()
        }
        stopped.wait()
        withExtendedLifetime(signals) {}
    }
}
