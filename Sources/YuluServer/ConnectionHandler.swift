import Logging
import NIOConcurrencyHelpers
import NIOCore
import YuluSearch

/// Sent to every connection when the server shuts down: stop reading, answer what was
/// read, then close.
struct DrainEvent {}

/// One connection: turns request lines into responses, in request order, with index
/// work on the service's pool. Runs on its channel's event loop only.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private let service: SearchService
    private let requestTimeout: TimeAmount
    private let logger: Logger
    /// Requests read and not yet answered beyond this many pause reading (pipelining backpressure).
    private let maximumPending: Int

    private var nextSequence = 0
    private var nextToWrite = 0
    private var ready: [Int: JSONValue] = [:]
    private var closeAfter: Int?
    private var draining = false
    private var readingPaused = false
    /// Set while `channelRead` runs: responses made there are flushed together when the
    /// read completes, not one write each (32 pipelined pings were 32 writes).
    private var reading = false
    private var unflushed = false
    private var requests = 0
    private var errors = 0
    /// Answers from the pool; the time limit of each request still running.
    private var answers: ResponseInbox?
    private var timeouts: [Int: Scheduled<Void>] = [:]

    init(service: SearchService, requestTimeout: TimeAmount, maximumPending: Int = 1024, logger: Logger) {
        self.service = service
        self.requestTimeout = requestTimeout
        self.maximumPending = maximumPending
        self.logger = logger
    }

    private var pending: Int { nextSequence - nextToWrite }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !draining, closeAfter == nil else { return }
        reading = true
        defer { reading = false }
        let sequence = nextSequence
        nextSequence += 1
        requests += 1
        switch unwrapInboundIn(data) {
        case .tooLong:
            complete(sequence, ProtocolError(code: "line_too_long", message: "the line is longer than the server accepts; it was discarded up to its end").json, context: context)
        case .line(let buffer):
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                complete(sequence, ProtocolError(code: "bad_utf8", message: "the line is not valid UTF-8").json, context: context)
                break
            }
            do {
                handle(try ServerRequest.parse(text), sequence: sequence, context: context)
            } catch {
                complete(sequence, error.json, context: context)
            }
        }
        if pending >= maximumPending && !readingPaused {
            readingPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        }
    }

    private func handle(_ request: ServerRequest, sequence: Int, context: ChannelHandlerContext) {
        switch request.command {
        case .ping:
            complete(sequence, JSONValue.object([("ok", .bool(true)), ("pong", .bool(true))]).echoing(request.id), context: context)
        case .help:
            let commands = JSONValue.object(ServerRequest.commands.map { ($0.0, .string($0.1)) })
            complete(sequence, JSONValue.object([("ok", .bool(true)), ("commands", commands)]).echoing(request.id), context: context)
        case .quit:
            closeAfter = sequence
            complete(sequence, JSONValue.object([("ok", .bool(true)), ("bye", .bool(true))]).echoing(request.id), context: context)
        case .search, .similar, .show, .stats:
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            timeouts[sequence] = context.eventLoop.scheduleTask(in: requestTimeout) {
                let error = ProtocolError(code: "timeout", message: "the request took longer than the server's limit", id: request.id)
                bound.value.handler.complete(sequence, error.json, context: bound.value.context)
            }
            let inbox = self.inbox(context)
            service.answer(request.command) { response in
                inbox.deliver(sequence, response.echoing(request.id))
            }
        }
    }

    /// The connection's inbox for answers computed on the pool, made on first use.
    private func inbox(_ context: ChannelHandlerContext) -> ResponseInbox {
        if let answers { return answers }
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let made = ResponseInbox(eventLoop: context.eventLoop) { responses in
            let (handler, context) = bound.value
            for (sequence, response) in responses { handler.record(sequence, response) }
            handler.writeReady(context: context)
        }
        answers = made
        return made
    }

    /// Records the response of request `sequence` (the first one wins: a timeout or the
    /// answer) and writes every response that is now next in order.
    private func complete(_ sequence: Int, _ response: JSONValue, context: ChannelHandlerContext) {
        record(sequence, response)
        writeReady(context: context)
    }

    /// Records the response of request `sequence`, unless it has one already.
    private func record(_ sequence: Int, _ response: JSONValue) {
        timeouts.removeValue(forKey: sequence)?.cancel()
        guard sequence >= nextToWrite, ready[sequence] == nil else { return }
        if case .object(let members) = response, members.contains(where: { $0.0 == "ok" && $0.1 == .bool(false) }) { errors += 1 }
        ready[sequence] = response
    }

    /// Writes every recorded response that is next in order, with one flush (during a
    /// read, with the read's flush when it completes).
    private func writeReady(context: ChannelHandlerContext) {
        var wrote = false
        while let next = ready.removeValue(forKey: nextToWrite) {
            var buffer = context.channel.allocator.buffer(capacity: 256)
            buffer.writeString(next.serialized())
            buffer.writeInteger(UInt8(ascii: "\n"))
            if closeAfter == nextToWrite {
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
                nextToWrite += 1
                return
            }
            context.write(wrapOutboundOut(buffer), promise: nil)
            wrote = true
            nextToWrite += 1
        }
        if wrote {
            if reading && !draining { unflushed = true } else { context.flush() }
        }
        if readingPaused && pending <= maximumPending / 2 && !draining {
            readingPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        }
        if draining && pending == 0 { context.close(promise: nil) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // On shutdown, or when the client has sent all it will (a half-close, as
        // `nc -N` makes at the end of its input): answer what was read, then close.
        if event is DrainEvent || event as? ChannelEvent == .inputClosed {
            draining = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
            if pending == 0 { context.close(promise: nil) }
        } else if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, pending == 0 {
            logger.debug("closing an idle connection")
            let error = ProtocolError(code: "idle_timeout", message: "no request for too long; closing")
            var buffer = context.channel.allocator.buffer(capacity: 128)
            buffer.writeString(error.json.serialized() + "\n")
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if errors > 0 {
            logger.info("connection closed", metadata: ["requests": "\(requests)", "errors": "\(errors)"])
        } else {
            logger.debug("connection closed", metadata: ["requests": "\(requests)"])
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // The inbox's delivery closure holds this handler: let go of it, and of the timers.
        answers = nil
        for timeout in timeouts.values { timeout.cancel() }
        timeouts.removeAll()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("connection error: \(error)")
        context.close(promise: nil)
    }
}

/// Answers computed on pool threads for one connection, waiting for its event loop.
/// Answers that finish close together reach the loop in one task and go out with one
/// flush, instead of a task and a write each.
final class ResponseInbox: Sendable {
    private let eventLoop: EventLoop
    private let waiting = NIOLockedValueBox<(responses: [(Int, JSONValue)], scheduled: Bool)>(([], false))
    private let take: NIOLoopBound<([(Int, JSONValue)]) -> Void>

    /// `take` runs on the event loop with the answers delivered since it last ran.
    init(eventLoop: EventLoop, take: @escaping ([(Int, JSONValue)]) -> Void) {
        self.eventLoop = eventLoop
        self.take = NIOLoopBound(take, eventLoop: eventLoop)
    }

    /// Hands over the answer to request `sequence`; from any thread.
    func deliver(_ sequence: Int, _ response: JSONValue) {
        let schedule = waiting.withLockedValue { waiting in
            waiting.responses.append((sequence, response))
            defer { waiting.scheduled = true }
            return !waiting.scheduled
        }
        guard schedule else { return }
        eventLoop.execute { [self] in
            let responses = waiting.withLockedValue { waiting in
                waiting.scheduled = false
                defer { waiting.responses.removeAll(keepingCapacity: true) }
                return waiting.responses
            }
            take.value(responses)
        }
    }
}
