import NIOCore

/// What the line decoder hands on: a complete line (LF or CRLF removed), or notice that
/// a line passed the limit (its bytes up to the next LF are then dropped).
enum InboundLine {
    case line(ByteBuffer)
    case tooLong
}

/// Splits the byte stream into lines of at most `maximumLength` bytes. An over-long line
/// is reported once and discarded up to its LF; the connection carries on.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundLine

    let maximumLength: Int
    private var discarding = false
    private var searched = 0

    init(maximumLength: Int) { self.maximumLength = maximumLength }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.dropFirst(searched).firstIndex(of: UInt8(ascii: "\n")) else {
            searched = view.count
            if discarding {
                buffer.moveReaderIndex(forwardBy: view.count)
                searched = 0
            } else if view.count > maximumLength {
                discarding = true
                buffer.moveReaderIndex(forwardBy: view.count)
                searched = 0
                context.fireChannelRead(wrapInboundOut(.tooLong))
            }
            return .needMoreData
        }
        let length = newline - view.startIndex
        searched = 0
        if discarding {
            buffer.moveReaderIndex(forwardBy: length + 1)
            discarding = false
            return .continue
        }
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytes > maximumLength {
            context.fireChannelRead(wrapInboundOut(.tooLong))
            return .continue
        }
        if line.readableBytesView.last == UInt8(ascii: "\r") { line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)! }
        context.fireChannelRead(wrapInboundOut(.line(line)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last line without its LF is still a request.
        while try decode(context: context, buffer: &buffer) == .continue {}
        if !discarding && buffer.readableBytes > 0, let line = buffer.readSlice(length: buffer.readableBytes) {
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        return .needMoreData
    }
}
