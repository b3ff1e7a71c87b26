import CZlib
import Synchronization

/// Deflate for the paragraph store (see index/FORMAT.md, section 2): raw deflate with a
/// preset dictionary since segment version 3, the zlib format without one before.
enum Deflate {
    private static let streamSize = Int32(MemoryLayout<z_stream>.size)

    /// A zlib inflate stream, used by one thread at a time.
    private struct Inflater: @unchecked Sendable {
        let stream: UnsafeMutablePointer<z_stream>
    }

    /// Streams between uses. A fresh stream costs an allocation of its state and, once
    /// primed, of a zeroed 32 KiB window, on top of the 16 KiB dictionary copied into it; a
    /// reset stream keeps both (top-10 searches with hits take a tenth less time). A stream
    /// is made only when every other is in use, so there are never more than threads that
    /// inflate at once.
    private static let idle = Mutex<[Inflater]>([])

    /// Runs `body` with an inflate stream reset for `windowBits` (negative: raw deflate).
    private static func withStream<Result>(windowBits: Int32, _ body: (UnsafeMutablePointer<z_stream>) throws(FormatError) -> Result)
        throws(FormatError) -> Result
    {
        let inflater: Inflater
        if let reused = idle.withLock({ $0.popLast() }) {
            guard inflateReset2(reused.stream, windowBits) == Z_OK else {
                inflateEnd(reused.stream)
                reused.stream.deallocate()
                throw FormatError("cannot start inflating a store block")
            }
            inflater = reused
        } else {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard inflateInit2_(stream, windowBits, zlibVersion(), streamSize) == Z_OK else {
                stream.deallocate()
                throw FormatError("cannot start inflating a store block")
            }
            inflater = Inflater(stream: stream)
        }
        defer { idle.withLock { $0.append(inflater) } }
        return try body(inflater.stream)
    }

    /// Inflates a raw deflate block primed with `dictionary` (nil: a zlib-format block of
    /// a version 1 or 2 segment), which must expand to exactly `expectedLength` bytes.
    /// With `enough`, inflates 1 KiB at a time and stops, returning a prefix, as soon as
    /// `enough` says the bytes so far suffice.
    static func decompress(_ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer?, expectedLength: Int,
                           enough: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil) throws(FormatError) -> [UInt8] {
        // Deflate expands at most 1032-fold; more means a damaged length, not a block to allocate.
        guard expectedLength >= 0, expectedLength <= (input.count + 1) * 1032 + (dictionary?.count ?? 0) else {
            throw FormatError("store block length is damaged")
        }
        return try withStream(windowBits: dictionary == nil ? 15 : -15) { (stream) throws(FormatError) in
            try decompress(input, dictionary: dictionary, expectedLength: expectedLength, enough: enough, with: stream)
        }
    }

    private static func decompress(_ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer?, expectedLength: Int,
                                   enough: ((UnsafeBufferPointer<UInt8>) -> Bool)?, with stream: UnsafeMutablePointer<z_stream>)
        throws(FormatError) -> [UInt8]
    {
        if let dictionary, let base = dictionary.baseAddress {
            guard inflateSetDictionary(stream, base.assumingMemoryBound(to: Bytef.self), uInt(dictionary.count)) == Z_OK else {
                throw FormatError("the store's dictionary is damaged")
            }
        }
        var output = [UInt8](repeating: 0, count: expectedLength)
        let step = enough == nil ? expectedLength : 1024
        var status = Z_OK
        var stopped = false
        output.withUnsafeMutableBufferPointer { destination in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = destination.baseAddress
            while status == Z_OK {
                let produced = Int(stream.pointee.total_out)
                stream.pointee.avail_out = uInt(min(step, expectedLength - produced))
                status = inflate(stream, Z_FINISH)
                // Z_BUF_ERROR: this step's room is full (or the input is cut short, caught below).
                if status == Z_BUF_ERROR && Int(stream.pointee.total_out) > produced { status = Z_OK }
                if status == Z_OK, let enough, enough(UnsafeBufferPointer(rebasing: destination[..<Int(stream.pointee.total_out)])) {
                    stopped = true
                    break
                }
            }
        }
        if stopped {
            output.removeSubrange(Int(stream.pointee.total_out)...)
            return output
        }
        guard status == Z_STREAM_END, Int(stream.pointee.total_out) == expectedLength else {
            throw FormatError("compressed block does not inflate (zlib status \(status))")
        }
        return output
    }
}
