import CICUShim

/// `text` in `charset` through ICU, or nil where the charset cannot hold a character.
public func encoded(_ text: String, as charset: String) -> [UInt8]? {
    let units = Array(text.utf16)
    var bytes = [CChar](repeating: 0, count: 4 * units.count + 16)
    var status: Int32 = 0
    let length = yicu_convert_from_utf16(charset, units, Int32(units.count), &bytes, Int32(bytes.count), &status)
    return status > 0 ? nil : bytes[0..<Int(length)].map { UInt8(bitPattern: $0) }
}
