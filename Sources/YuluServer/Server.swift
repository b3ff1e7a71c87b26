import Dispatch
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import YuluIndex

/// How `yulu serve` listens and what it tolerates.
public struct ServerConfiguration: Sendable {
    /// The index folder.
    public var folder: String
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests).
    public var port = 7878
    /// Longer lines are answered with an error and discarded up to their end.
    public var maximumLineLength = 1 << 20
    /// Connections beyond this get an error line and are closed.
    public var maximumConnections = 1024
    /// Connections without a request for this long are closed.
    public var idleTimeout: TimeAmount = .seconds(300)
    /// A request not answered within this gets a `timeout` error.
    public var requestTimeout: TimeAmount = .seconds(30)
    /// How often to look for a newer index generation.
    public var reloadInterval: TimeAmount = .milliseconds(200)
    /// Threads that run queries (the event loop parses and writes): twice the cores, so
    /// that a short query shares a core with a long one instead of queueing behind it
    /// (count throughput 5-14% higher than with one per core in interleaved runs).
    public var queryThreads = 2 * System.coreCount

    public init(folder: String) { self.folder = folder }
}

/// The line-protocol server (DESIGN, "Line protocol"): SwiftNIO, one event loop for the
/// connections, a fixed pool for the queries, in-order responses, hot reload of newer
/// index generations, graceful shutdown.
public final class Server: Sendable {
    /// The port it listens on.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let listener: Channel
    private let service: SearchService
    private let connections: ConnectionRegistry
    private let reload: RepeatedTask
    private let logger: Logger
    private let finished: EventLoopPromise<Void>
    private let stopping = NIOLockedValueBox(false)

    /// Opens the index and binds; throws when either fails.
    public static func start(_ configuration: ServerConfiguration, logger: Logger) throws -> Server {
        let holder = try IndexHolder(folder: configuration.folder)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let service = SearchService(holder: holder, threads: max(1, configuration.queryThreads))
        let connections = ConnectionRegistry(limit: configuration.maximumConnections, logger: logger)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                guard connections.admit(channel) else {
                    return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RejectionHandler()) }
                }
                var connectionLogger = logger
                connectionLogger[metadataKey: "peer"] = "\(channel.remoteAddress?.description ?? "?")"
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: configuration.idleTimeout),
                        ByteToMessageHandler(LineDecoder(maximumLength: configuration.maximumLineLength)),
                        ConnectionHandler(service: service, requestTimeout: configuration.requestTimeout, logger: connectionLogger),
                    ])
                }
            }
        let listener: Channel
        do {
            listener = try bootstrap.bind(host: configuration.host, port: configuration.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw IndexError("cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        let reload = group.next().scheduleRepeatedTask(initialDelay: configuration.reloadInterval, delay: configuration.reloadInterval) { _ in
            holder.reloadIfNewer(logger: logger)
        }
        let server = Server(port: listener.localAddress?.port ?? configuration.port, group: group, listener: listener, service: service,
                            connections: connections, reload: reload, logger: logger)
        logger.notice("listening on \(configuration.host):\(server.port)",
                      metadata: ["index": "\(configuration.folder)", "generation": "\(holder.snapshot().reader.generation)"])
        return server
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, listener: Channel, service: SearchService,
                 connections: ConnectionRegistry, reload: RepeatedTask, logger: Logger) {
        self.port = port
        self.group = group
        self.listener = listener
        self.service = service
        self.connections = connections
        self.reload = reload
        self.logger = logger
        finished = group.next().makePromise()
    }

    /// Stops accepting, lets every connection answer what it has read, closes them, and
    /// stops the threads. Safe to call more than once; returns when all is done.
    public func shutdown() async {
        let first = stopping.withLockedValue { stopping in
            defer { stopping = true }
            return !stopping
        }
        if first {
            logger.notice("shutting down: no new connections; finishing requests in flight")
            reload.cancel()
            try? await listener.close()
            await connections.drainAll()
            try? await service.shutdown()
            finished.succeed()
        }
        try? await finished.futureResult.get()
        if first {
            try? await group.shutdownGracefully()
            logger.notice("stopped")
        }
    }

    /// A server released without `shutdown()` (its owner threw on the way) closes its
    /// listener, connections and threads without waiting, so the port is freed and
    /// nothing is left running or half-open.
    deinit {
        guard !stopping.withLockedValue({ $0 }) else { return }
        logger.warning("server released without shutdown(); closing it without finishing requests")
        reload.cancel()
        service.stopWithoutWaiting()
        // The promise is completed on its event loop, so the loops stop only after that.
        let group = group
        finished.futureResult.whenComplete { _ in group.shutdownGracefully(queue: .global()) { _ in } }
        finished.succeed()
    }

    /// Returns when a shutdown has completed.
    public func waitUntilStopped() async {
        try? await finished.futureResult.get()
    }
}

/// The open connections, with the limit on how many.
final class ConnectionRegistry: Sendable {
    private let limit: Int
    private let logger: Logger
    private let state = NIOLockedValueBox((open: [ObjectIdentifier: Channel](), rejected: 0))

    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Registers a new connection, or refuses it when the limit is reached.
    func admit(_ channel: Channel) -> Bool {
        let (admitted, rejected) = state.withLockedValue { state -> (Bool, Int) in
            guard state.open.count < limit else {
                state.rejected += 1
                return (false, state.rejected)
            }
            state.open[ObjectIdentifier(channel)] = channel
            return (true, state.rejected)
        }
        if admitted {
            let key = ObjectIdentifier(channel)
            channel.closeFuture.whenComplete { [self] _ in _ = state.withLockedValue { $0.open.removeValue(forKey: key) } }
        } else if rejected & (rejected - 1) == 0 {
            // Logged at 1, 2, 4, 8, … refusals, so a flood does not flood the log.
            logger.warning("refused a connection: \(limit) are open", metadata: ["refused so far": "\(rejected)"])
        }
        return admitted
    }

    /// Asks every connection to finish and close, and waits until they have.
    func drainAll() async {
        let open = state.withLockedValue { Array($0.open.values) }
        for channel in open { channel.pipeline.fireUserInboundEventTriggered(DrainEvent()) }
        for channel in open { try? await channel.closeFuture.get() }
    }
}

/// Tells a connection over the limit why, then closes it.
private final class RejectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let error = ProtocolError(code: "too_many_connections", message: "the server has as many connections as it accepts; try again later")
        var buffer = context.channel.allocator.buffer(capacity: 128)
        buffer.writeString(error.json.serialized() + "\n")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}
