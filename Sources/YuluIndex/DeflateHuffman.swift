/// One final deflate block with dynamic Huffman codes (RFC 1951, 3.2.7) for a list of
/// tokens from `DeflateEncoder`: literal bytes and (length, distance) matches.
struct HuffmanBlock {
    private let tokens: [UInt32]

    init(tokens: [UInt32]) { self.tokens = tokens }

    private static let endOfBlock = 256
    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                                            131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                              1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
                                               12, 13, 13]
    /// The order code-length code lengths are sent in.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Length 3...258 → its length code's index (0...28).
    private static let lengthCode: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 259)
        for code in 0..<29 {
            for length in lengthBase[code]..<min(259, lengthBase[code] + (1 << lengthExtra[code])) { table[length] = UInt8(code) }
        }
        table[258] = 28
        return table
    }()

    /// Distance 1...32768 → its code (0...29): below 257 by distance − 1, else by (distance − 1) >> 7.
    private static let distanceCode: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        for code in 0..<30 {
            for distance in distanceBase[code]..<(distanceBase[code] + (1 << distanceExtra[code])) {
                if distance <= 256 { table[distance - 1] = UInt8(code) } else { table[256 + ((distance - 1) >> 7)] = UInt8(code) }
            }
        }
        return table
    }()

    func write(to writer: inout DeflateBitWriter) {
        // The tables, read once here rather than through their lazy statics per token.
        let (lengthCode, lengthBase, lengthExtra) = (Self.lengthCode, Self.lengthBase, Self.lengthExtra)
        let (distanceCode, distanceBase, distanceExtra) = (Self.distanceCode, Self.distanceBase, Self.distanceExtra)
        func code(ofDistance distance: Int) -> Int {
            Int(distance <= 256 ? distanceCode[distance - 1] : distanceCode[256 + ((distance - 1) >> 7)])
        }
        var literalCounts = [Int](repeating: 0, count: 286)
        var distanceCounts = [Int](repeating: 0, count: 30)
        literalCounts[Self.endOfBlock] = 1
        for token in tokens {
            if token >> 31 == 0 {
                literalCounts[Int(token)] += 1
            } else {
                literalCounts[257 + Int(lengthCode[Int(token >> 15 & 0x1FF)])] += 1
                distanceCounts[code(ofDistance: Int(token & 0x7FFF) + 1)] += 1
            }
        }
        // A block without matches still gets a distance code of two 1-bit codes (as zlib
        // sends), so that every code in the header is complete.
        if !distanceCounts.contains(where: { $0 > 0 }) { distanceCounts[0] = 1 }
        let literals = HuffmanCode(counts: literalCounts, limit: 15)
        let distances = HuffmanCode(counts: distanceCounts, limit: 15)
        let literalCount = max(257, (literals.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let distanceCount = max(1, (distances.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let runs = Self.runLengths(Array(literals.lengths[..<literalCount]) + Array(distances.lengths[..<distanceCount]))
        var runCounts = [Int](repeating: 0, count: 19)
        for run in runs { runCounts[Int(run.symbol)] += 1 }
        let lengthCodes = HuffmanCode(counts: runCounts, limit: 7)
        var sent = 19
        while sent > 4 && lengthCodes.lengths[Self.codeLengthOrder[sent - 1]] == 0 { sent -= 1 }

        writer.write(1, width: 1)  // the final block
        writer.write(2, width: 2)  // dynamic Huffman codes
        writer.write(UInt32(literalCount - 257), width: 5)
        writer.write(UInt32(distanceCount - 1), width: 5)
        writer.write(UInt32(sent - 4), width: 4)
        for symbol in Self.codeLengthOrder[..<sent] { writer.write(UInt32(lengthCodes.lengths[symbol]), width: 3) }
        for run in runs {
            lengthCodes.write(Int(run.symbol), to: &writer)
            switch run.symbol {
            case 16: writer.write(UInt32(run.extra), width: 2)
            case 17: writer.write(UInt32(run.extra), width: 3)
            case 18: writer.write(UInt32(run.extra), width: 7)
            default: break
            }
        }
        tokens.withUnsafeBufferPointer { tokens in
            literals.withEntries { literals in
                distances.withEntries { distances in
                    for token in tokens {
                        if token >> 31 == 0 {
                            HuffmanCode.write(literals[Int(token)], to: &writer)
                            continue
                        }
                        let length = Int(token >> 15 & 0x1FF), distance = Int(token & 0x7FFF) + 1
                        let lengthIndex = Int(lengthCode[length])
                        HuffmanCode.write(literals[257 + lengthIndex], to: &writer)
                        if lengthExtra[lengthIndex] > 0 {
                            writer.write(UInt32(length - lengthBase[lengthIndex]), width: lengthExtra[lengthIndex])
                        }
                        let distanceIndex = code(ofDistance: distance)
                        HuffmanCode.write(distances[distanceIndex], to: &writer)
                        if distanceExtra[distanceIndex] > 0 {
                            writer.write(UInt32(distance - distanceBase[distanceIndex]), width: distanceExtra[distanceIndex])
                        }
                    }
                }
            }
        }
        literals.write(Self.endOfBlock, to: &writer)
    }

    /// The code lengths as deflate sends them: each length, or 16 (repeat the previous
    /// 3–6 times), 17 (3–10 zeros) or 18 (11–138 zeros) with its extra value.
    private static func runLengths(_ lengths: [UInt8]) -> [(symbol: UInt8, extra: UInt8)] {
        var runs: [(symbol: UInt8, extra: UInt8)] = []
        var index = 0
        while index < lengths.count {
            let length = lengths[index]
            var run = 1
            while index + run < lengths.count && lengths[index + run] == length { run += 1 }
            index += run
            if length == 0 {
                while run >= 11 {
                    let taken = min(run, 138)
                    runs.append((18, UInt8(taken - 11)))
                    run -= taken
                }
                if run >= 3 {
                    runs.append((17, UInt8(run - 3)))
                    run = 0
                }
            } else {
                runs.append((length, 0))
                run -= 1
                while run >= 3 {
                    let taken = min(run, 6)
                    runs.append((16, UInt8(taken - 3)))
                    run -= taken
                }
            }
            for _ in 0..<run { runs.append((length, 0)) }
        }
        return runs
    }
}

/// A canonical Huffman code with lengths limited to `limit` bits, built from symbol
/// counts. Always a complete code: a single used symbol is given a partner of the same
/// length, as zlib's inflate refuses incomplete code-length codes.
struct HuffmanCode {
    private(set) var lengths: [UInt8]
    /// Per symbol: its code, bit-reversed for writing least significant bit first, in the
    /// low 16 bits and its length above them.
    private var entries: [UInt32]

    init(counts: [Int], limit: Int) {
        lengths = [UInt8](repeating: 0, count: counts.count)
        entries = [UInt32](repeating: 0, count: counts.count)
        // The used symbols, rising by count (then symbol): sorted as packed keys.
        var keys: [UInt64] = []
        keys.reserveCapacity(counts.count)
        for (symbol, count) in counts.enumerated() where count > 0 { keys.append(UInt64(count) << 16 | UInt64(symbol)) }
        if keys.isEmpty { return }
        if keys.count == 1 { keys.insert(keys[0] & 0xFFFF == 0 ? 1 : 0, at: 0) }
        keys.sort()
        let used = keys.map { Int($0 & 0xFFFF) }
        // Depths of an unlimited Huffman tree: two queues, leaves rising by count and
        // merged nodes in the order made (their weights never fall).
        let leaves = used.count
        var weight = keys.map { max(Int($0 >> 16), 1) }
        var parent = [Int](repeating: -1, count: 2 * leaves - 1)
        weight.reserveCapacity(2 * leaves - 1)
        var nextLeaf = 0, nextMerged = leaves
        func takeLightest() -> Int {
            if nextLeaf < leaves && (nextMerged >= weight.count || weight[nextLeaf] <= weight[nextMerged]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextMerged += 1
            return nextMerged - 1
        }
        while weight.count < 2 * leaves - 1 {
            let a = takeLightest(), b = takeLightest()
            parent[a] = weight.count
            parent[b] = weight.count
            weight.append(weight[a] + weight[b])
        }
        var depth = [Int](repeating: 0, count: 2 * leaves - 1)
        for node in stride(from: 2 * leaves - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        // Limit the depths (JPEG's adjustment, Annex K.3): a pair at the deepest level moves
        // up one, and a leaf above takes their place as the parent of both.
        var perLength = [Int](repeating: 0, count: max(limit, depth.max() ?? 0) + 1)
        for leaf in 0..<leaves { perLength[depth[leaf]] += 1 }
        var deepest = perLength.count - 1
        while deepest > limit {
            if perLength[deepest] == 0 {
                deepest -= 1
                continue
            }
            var shallower = deepest - 2
            while perLength[shallower] == 0 { shallower -= 1 }
            perLength[deepest] -= 2
            perLength[deepest - 1] += 1
            perLength[shallower + 1] += 2
            perLength[shallower] -= 1
        }
        // The rarest symbols take the longest codes.
        var length = limit
        var remaining = perLength[length]
        for symbol in used {
            while remaining == 0 {
                length -= 1
                remaining = perLength[length]
            }
            lengths[symbol] = UInt8(length)
            remaining -= 1
        }
        // Canonical codes: by length, then by symbol.
        var countOfLength = [UInt32](repeating: 0, count: 16)
        for value in lengths where value > 0 { countOfLength[Int(value)] += 1 }
        var next = [UInt32](repeating: 0, count: 16)
        var code: UInt32 = 0
        for bits in 1..<16 {
            code = (code + countOfLength[bits - 1]) << 1
            next[bits] = code
        }
        for symbol in lengths.indices where lengths[symbol] > 0 {
            let bits = Int(lengths[symbol])
            entries[symbol] = Self.reversed(next[bits], width: bits) | UInt32(bits) << 16
            next[bits] += 1
        }
    }

    private static func reversed(_ code: UInt32, width: Int) -> UInt32 {
        var value = code
        value = (value >> 1 & 0x5555) | (value & 0x5555) << 1
        value = (value >> 2 & 0x3333) | (value & 0x3333) << 2
        value = (value >> 4 & 0x0F0F) | (value & 0x0F0F) << 4
        value = (value >> 8 & 0x00FF) | (value & 0x00FF) << 8
        return value >> UInt32(16 - width)
    }

    /// The symbols' codes, for a writing loop to read without per-access array checks.
    func withEntries<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result { entries.withUnsafeBufferPointer(body) }

    @inline(__always)
    static func write(_ entry: UInt32, to writer: inout DeflateBitWriter) {
        writer.write(entry & 0xFFFF, width: Int(entry >> 16))
    }

    @inline(__always)
    func write(_ symbol: Int, to writer: inout DeflateBitWriter) {
        Self.write(entries[symbol], to: &writer)
    }
}
