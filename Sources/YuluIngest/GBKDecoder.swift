/// Decodes GB18030 made of ASCII and two-byte codes only, GBK's repertoire, which is
/// nearly all GB18030 text (62 of the 3,475 laws re-encoded hold a four-byte code),
/// through a table of what ICU reads each two-byte code as, built from ICU once. Anything
/// else (a four-byte code, a byte that is not GB18030, a code ICU does not read as one
/// character, a cut-off end) is left to ICU, so the text always equals ICU's reading.
/// ICU's converter, which goes through UTF-16, took a third of the time of decoding the
/// GB18030 laws.
enum GBKDecoder {
    /// For each two bytes (lead × 256 + trail), the UTF-8 of the scalar ICU reads them
    /// as, in the low bytes (first byte lowest), and its length in the top byte; 0 where
    /// ICU reads them as no scalar of the Basic Multilingual Plane, or as more than one,
    /// or as a repair, and where they are no two-byte code (lead 0x81…0xFE, trail
    /// 0x40…0xFE but 0x7F). Every two-byte code reads as two or three bytes of UTF-8.
    private static let utf8: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 0x10000)
        var codes: [(lead: UInt8, trail: UInt8)] = []
        var batch: [UInt8] = []
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                codes.append((lead, trail))
                batch += [lead, trail, 0x0A]
            }
        }
        // All codes in one conversion, each followed by a line feed: a code reads as the
        // one scalar before its line feed, or not at all. Should a bad code take the line
        // feed with it, the table stays empty and ICU reads all GB18030.
        var values: [UInt32?] = []
        values.reserveCapacity(codes.count)
        if let text = try? TextDecoding.convertWithICU(batch[...], from: "GB18030", recordedAs: "gb18030").text {
            var scalarsBefore = 0, last: UInt32 = 0
            for scalar in text.unicodeScalars {
                if scalar == "\n" {
                    values.append(scalarsBefore == 1 ? last : nil)
                    scalarsBefore = 0
                } else {
                    scalarsBefore += 1
                    last = scalar.value
                }
            }
        }
        guard values.count == codes.count else { return table }
        for (code, value) in zip(codes, values) {
            guard let value, value >= 0x80, value <= 0xFFFF, value != 0xFFFD, let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            table[Int(code.lead) << 8 | Int(code.trail)] = bytes.enumerated().reduce(UInt32(bytes.count) << 24) {
                $0 | UInt32($1.element) << (8 * $1.offset)
            }
        }
        return table
    }()

    /// The text of `bytes`, or nil when they are not ASCII and two-byte codes the table reads.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var complete = true
        // ASCII stays one byte; a two-byte code becomes at most three, written as four.
        let text = String(unsafeUninitializedCapacity: bytes.count * 3 / 2 + 16) { output in
            bytes.withUnsafeBufferPointer { input in
                utf8.withUnsafeBufferPointer { table in
                    let start = UnsafeMutableRawPointer(output.baseAddress!)
                    var from = 0, to = 0
                    while from < input.count {
                        let lead = input[from]
                        if lead < 0x80 {
                            output[to] = lead
                            from += 1
                            to += 1
                            continue
                        }
                        let packed = from + 1 < input.count ? table[Int(lead) << 8 | Int(input[from + 1])] : 0
                        if packed == 0 {
                            complete = false
                            return 0
                        }
                        start.storeBytes(of: packed.littleEndian, toByteOffset: to, as: UInt32.self)
                        to += Int(packed >> 24)
                        from += 2
                    }
                    return to
                }
            }
        }
        return complete ? text : nil
    }
}
