#if canImport(Glibc)
import Glibc
#endif
import CZlib
import YuluAnalysis

/// The order of byte strings (terms, document ids), byte by byte as unsigned values.
public enum ByteOrder {
    /// Negative, zero or positive as `a` sorts before, equal to or after `b`.
    public static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let baseA = a.baseAddress, let baseB = b.baseAddress {
            let order = memcmp(baseA, baseB, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}

/// Appends little-endian integers, LEB128 varints and byte strings to a growing buffer.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }

    /// Empties the buffer, keeping its storage.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func append(_ value: UInt8) { bytes.append(value) }

    /// Appends `count` bytes written by `body`, which gets exactly their space.
    mutating func append(count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        bytes.withUnsafeMutableBytes { body(UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
    }

    public mutating func append<C: Collection>(contentsOf data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    public mutating func appendUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    public mutating func appendUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func appendUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    @inline(__always)
    public mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A varint length, then the UTF-8 bytes.
    public mutating func appendString(_ string: String) {
        appendVarint(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    /// A string as its number of UTF-16 code units (varint), then the units, little-endian;
    /// returns where the units' bytes lie.
    @discardableResult
    public mutating func appendUTF16String(_ string: String) -> Range<Int> {
        var text = string
        return text.withUTF8 { utf8 in
            // A code unit per scalar, two for one past the BMP (a 4-byte sequence).
            var unitCount = 0
            for byte in utf8 where byte & 0xC0 != 0x80 { unitCount += byte >= 0xF0 ? 2 : 1 }
            appendVarint(UInt64(unitCount))
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: 2 * unitCount))
            bytes.withUnsafeMutableBufferPointer { output in
                var at = start
                func put(_ unit: UInt32) {
                    output[at] = UInt8(truncatingIfNeeded: unit)
                    output[at + 1] = UInt8(truncatingIfNeeded: unit >> 8)
                    at += 2
                }
                UTF8Scalars.forEach(in: utf8) { scalar in
                    if scalar < 0x10000 {
                        put(scalar)
                    } else {
                        put(0xD800 + ((scalar - 0x10000) >> 10))
                        put(0xDC00 + ((scalar - 0x10000) & 0x3FF))
                    }
                }
            }
            return start..<bytes.count
        }
    }

    /// Pads with zeros to a multiple of `alignment`.
    public mutating func align(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

/// Why bytes on disk could not be read.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads what `ByteWriter` wrote, from a raw buffer (typically memory-mapped), with
/// bounds checks: running past the end is a `FormatError`, never a crash.
public struct ByteReader {
    public let buffer: UnsafeRawBufferPointer
    public var offset: Int

    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    public var isAtEnd: Bool { offset >= buffer.count }

    @inline(__always)
    private func need(_ count: Int) throws(FormatError) {
        guard count >= 0, offset >= 0, offset + count <= buffer.count else {
            throw FormatError("truncated data: need \(count) bytes at offset \(offset) of \(buffer.count)")
        }
    }

    public mutating func readUInt8() throws(FormatError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return buffer[offset]
    }

    public mutating func readUInt16() throws(FormatError) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
    }

    public mutating func readUInt32() throws(FormatError) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    public mutating func readUInt64() throws(FormatError) -> UInt64 {
        try need(8)
        defer { offset += 8 }
        return buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
    }

    @inline(__always)
    public mutating func readVarint() throws(FormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count else { throw FormatError("truncated varint at offset \(offset)") }
            let byte = buffer[offset]
            offset += 1
            guard shift < 64 else { throw FormatError("varint too long at offset \(offset)") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Steps over three varints without decoding them (a varint ends at a byte below
    /// 0x80): eight bytes at a time where the buffer has them, finding the third byte
    /// with its high bit clear, else byte by byte.
    @inline(__always)
    public mutating func skipThreeVarints() throws(FormatError) {
        if offset >= 0, offset + 8 <= buffer.count {
            var ends = ~buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian & 0x8080_8080_8080_8080
            ends &= ends &- 1
            ends &= ends &- 1
            if ends != 0 {
                offset += ends.trailingZeroBitCount / 8 + 1
                return
            }
        }
        var left = 3
        var position = offset
        let end = buffer.count
        while left > 0 {
            guard position >= 0, position < end else { throw FormatError("truncated varint at offset \(position)") }
            if buffer[position] < 0x80 { left -= 1 }
            position += 1
        }
        offset = position
    }

    /// A varint that is usually a single byte (a short length), as an `Int` (a damaged
    /// value past `Int.max` comes out negative, for the caller's range checks to refuse).
    @inline(__always)
    public mutating func readShortVarint() throws(FormatError) -> Int {
        if offset >= 0 && offset < buffer.count {
            let byte = buffer[offset]
            if byte < 0x80 {
                offset += 1
                return Int(byte)
            }
        }
        return Int(truncatingIfNeeded: try readVarint())
    }

    @inline(__always)
    public mutating func readBytes(_ count: Int) throws(FormatError) -> UnsafeRawBufferPointer {
        try need(count)
        defer { offset += count }
        guard let base = buffer.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    public mutating func readString() throws(FormatError) -> String {
        let length = Int(try readVarint())
        let bytes = try readBytes(length)
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw FormatError("invalid UTF-8 string at offset \(offset - length)")
        }
        return string
    }
}

/// CRC-32 (zlib's, ISO 3309) of bytes: every file's checksum.
public enum Checksum {
    public static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return seed }
        var crc = UInt(seed)
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, Int(Int32.max))
            crc = CZlib.crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(chunk))
            offset += chunk
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0) }
    }
}
