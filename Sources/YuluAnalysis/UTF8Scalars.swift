/// Decodes a Swift string's own UTF-8 bytes scalar by scalar: on the paths that read
/// every byte of a corpus, a plain loop over the bytes is much cheaper than the string's
/// `unicodeScalars` or `utf16` views.
public enum UTF8Scalars {
    /// Calls `body` with each scalar of `bytes`, which must be valid UTF-8 (as a `String`'s
    /// storage always is).
    @inlinable @inline(__always)
    public static func forEach(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        scan(bytes) { (scalar: UInt32) -> Bool in
            body(scalar)
            return true
        }
    }

    /// Calls `body` with each scalar of `bytes` (valid UTF-8) until it returns false.
    @inlinable @inline(__always)
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, while body: (UInt32) -> Bool) {
        var index = 0
        while index < bytes.count {
            let (scalar, width) = decode(bytes, at: index)
            index += width
            guard body(scalar) else { return }
        }
    }

    /// The scalar that starts at `index` of `bytes` (valid UTF-8), and its width in bytes.
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, width: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4)
    }
}
