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
            let lead = UInt32(bytes[index])
            let scalar: UInt32
            if lead < 0x80 {
                scalar = lead
                index += 1
            } else if lead < 0xE0 {
                scalar = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                scalar = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                scalar = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                index += 4
            }
            guard body(scalar) else { return }
        }
    }
}
