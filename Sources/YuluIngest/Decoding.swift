import CICUShim

/// Text decoded from a file's bytes, with the encoding it was read in.
public struct DecodedText: Sendable, Equatable {
    /// The text, without any byte order mark.
    public let text: String
    /// How the bytes were read: `utf-8`, `utf-16le`, `utf-16be`, `gb18030` or `big5`.
    public let encoding: String
}

/// Why bytes could not be read as text.
public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

/// Decodes file bytes (DESIGN, "Ingest"): a byte order mark wins; otherwise valid
/// UTF-8 is UTF-8; otherwise ICU's charset detector chooses among GB18030, Big5 and
/// UTF-16, and the bytes must convert without a single illegal or truncated sequence.
/// Nothing is ever substituted: bytes that do not decode cleanly are an error.
public enum TextDecoding {
    /// Encodings the detector may choose, by ICU name → the name Yulu records.
    static let detectable: [String: String] = [
        "GB18030": "gb18030", "Big5": "big5", "UTF-16LE": "utf-16le", "UTF-16BE": "utf-16be",
    ]

    /// Decodes `bytes`, or explains why they are not text. Text that decodes but holds
    /// NULs or many control characters is binary data, whatever the encoding.
    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(bytes.dropFirst(3), encoding: "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return try textual(convert(bytes.dropFirst(2), from: "UTF-16LE", recordedAs: "utf-16le")) }
        if bytes.starts(with: [0xFE, 0xFF]) { return try textual(convert(bytes.dropFirst(2), from: "UTF-16BE", recordedAs: "utf-16be")) }
        if bytes.isEmpty { return DecodedText(text: "", encoding: "utf-8") }
        if let text = String(validating: bytes, as: UTF8.self) {
            if hasBinaryBytes(bytes[...]) { throw DecodingError(reason: "binary data, not text") }
            return DecodedText(text: text, encoding: "utf-8")
        }
        if endsInCutUTF8Sequence(bytes) {
            throw DecodingError(reason: "UTF-8 text whose last character is cut off (truncated file)")
        }
        return try detectAndConvert(bytes)
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>, encoding: String) throws(DecodingError) -> DecodedText {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DecodingError(reason: "has a UTF-8 byte order mark but is not valid UTF-8")
        }
        if hasBinaryBytes(bytes) { throw DecodingError(reason: "binary data, not text") }
        return DecodedText(text: text, encoding: encoding)
    }

    private static func textual(_ decoded: DecodedText) throws(DecodingError) -> DecodedText {
        if looksBinary(decoded.text) { throw DecodingError(reason: "binary data, not text") }
        return decoded
    }

    /// Whether the bytes are valid UTF-8 but for a multi-byte sequence cut at the very end.
    private static func endsInCutUTF8Sequence(_ bytes: [UInt8]) -> Bool {
        guard let leadIndex = bytes.suffix(3).lastIndex(where: { $0 >= 0xC0 }) else { return false }
        let lead = bytes[leadIndex]
        let needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        let present = bytes.count - leadIndex
        return present < needed && String(validating: bytes[..<leadIndex], as: UTF8.self) != nil
    }

    private static func detectAndConvert(_ bytes: [UInt8]) throws(DecodingError) -> DecodedText {
        let candidates = detect(bytes)
        var failures: [String] = []
        for candidate in candidates {
            guard let encoding = detectable[candidate.name] else { continue }
            do {
                let decoded = try convert(bytes[...], from: candidate.name, recordedAs: encoding)
                if !looksBinary(decoded.text) { return decoded }
                failures.append("\(candidate.name): does not read as text")
            } catch {
                failures.append("\(candidate.name): \(error.reason)")
            }
        }
        if bytes.contains(0) { throw DecodingError(reason: "binary data, not text") }
        let seen = candidates.prefix(3).map { "\($0.name) \($0.confidence)%" }.joined(separator: ", ")
        let tried = failures.isEmpty ? "" : "; " + failures.joined(separator: "; ")
        throw DecodingError(reason: "not UTF-8, and not cleanly GB18030, Big5 or UTF-16 (detector: \(seen.isEmpty ? "no guess" : seen)\(tried))")
    }

    /// ICU's charset guesses for the bytes, best first.
    static func detect(_ bytes: [UInt8]) -> [(name: String, confidence: Int)] {
        let capacity = 16
        var names = [CChar](repeating: 0, count: 32 * capacity)
        var confidences = [Int32](repeating: 0, count: capacity)
        var status: Int32 = 0
        let sample = bytes.prefix(1 << 20)
        let count = sample.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                yicu_detect_charsets(chars.baseAddress, Int32(chars.count), &names, &confidences, Int32(capacity), &status)
            }
        }
        guard status <= 0 else { return [] }
        return (0..<Int(count)).map { index in
            let name = names[(32 * index)..<(32 * index + 32)].prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return (String(decoding: name, as: UTF8.self), Int(confidences[index]))
        }
    }

    /// Converts with ICU, failing on any illegal, unmappable or truncated sequence.
    static func convert(_ bytes: ArraySlice<UInt8>, from charset: String, recordedAs encoding: String) throws(DecodingError) -> DecodedText {
        if charset.hasPrefix("UTF-16") && bytes.count % 2 != 0 {
            throw DecodingError(reason: "\(encoding) text with an odd number of bytes (truncated file)")
        }
        var capacity = bytes.count + 16
        while true {
            var output = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let length = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    yicu_convert_to_utf16(charset, chars.baseAddress, Int32(chars.count), &output, Int32(capacity), &status)
                }
            }
            if status == 15 { // U_BUFFER_OVERFLOW_ERROR
                capacity = Int(length) + 16
                continue
            }
            guard status <= 0 else {
                let name = String(cString: yicu_error_name(status))
                let reason = name == "U_TRUNCATED_CHAR_FOUND" ? "its last character is cut off (truncated file)"
                    : name == "U_ILLEGAL_CHAR_FOUND" || name == "U_INVALID_CHAR_FOUND" ? "has byte sequences that are not \(encoding)"
                    : "ICU could not convert it (\(name))"
                throw DecodingError(reason: "\(encoding): \(reason)")
            }
            guard let text = String(validating: output[0..<Int(length)], as: UTF16.self) else {
                throw DecodingError(reason: "\(encoding): unpaired surrogates")
            }
            return DecodedText(text: text, encoding: encoding)
        }
    }

    /// Whether UTF-8 bytes are binary data: a NUL, or more than 1% of the first 65,536
    /// bytes are ASCII controls other than tab, line ends and form feed.
    static func hasBinaryBytes(_ bytes: ArraySlice<UInt8>) -> Bool {
        let sample = bytes.prefix(65_536)
        var controls = 0
        for byte in sample where byte < 0x20 || byte == 0x7F {
            if byte == 0 { return true }
            if byte != 9 && byte != 10 && byte != 12 && byte != 13 { controls += 1 }
        }
        return controls * 100 > sample.count
    }

    /// Whether decoded text is really binary data: it holds a NUL, or more than 1% of
    /// its first 65,536 scalars are controls (other than tab, line ends and form feed),
    /// unassigned or private-use code points.
    static func looksBinary(_ text: String) -> Bool {
        var checked = 0, odd = 0
        for scalar in text.unicodeScalars.prefix(65_536) {
            checked += 1
            switch scalar.value {
            case 0: return true
            case 9, 10, 12, 13: continue
            case 1..<0x20, 0x7F..<0xA0: odd += 1
            case 0x20..<0x7F, 0x4E00..<0xA000: continue
            default:
                switch scalar.properties.generalCategory {
                case .unassigned, .privateUse, .surrogate, .control: odd += 1
                default: break
                }
            }
        }
        return odd * 100 > checked
    }
}
