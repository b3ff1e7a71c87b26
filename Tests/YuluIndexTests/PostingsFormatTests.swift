import Testing
import YuluTestSupport
@testable import YuluIndex

/// The postings encoding and cursor against a model: random postings (dense and sparse
/// runs, frequencies from 1 to 300) are encoded as the builder's stream would give them,
/// then read back by random walks that mix stepping, seeking and reading positions or
/// not, in every order the search code uses.
@Suite struct PostingsFormatTests {
    struct Entry {
        let paragraph: Int
        let positions: [Int]
    }

    /// Random entries: paragraphs in runs of small and large gaps; positions rising.
    func randomEntries(_ count: Int, _ random: inout SplitMix64) -> [Entry] {
        var entries: [Entry] = []
        var paragraph = -1
        for index in 0..<count {
            let sparse = (index / 200) % 2 == 1
            paragraph += 1 + Int(random.next() % (sparse ? 5_000 : 3))
            let frequency = random.next() % 50 == 0 ? 1 + Int(random.next() % 300) : 1 + Int(random.next() % 3)
            var position = Int(random.next() % 20)
            var positions: [Int] = []
            for _ in 0..<frequency {
                positions.append(position)
                position += 1 + Int(random.next() % 40)
            }
            entries.append(Entry(paragraph: paragraph, positions: positions))
        }
        return entries
    }

    /// The builder's in-memory stream for `entries` (see `PostingsArena`).
    func stream(_ entries: [Entry], positional: Bool) -> [UInt8] {
        var writer = ByteWriter()
        var previous = -1
        for entry in entries {
            writer.appendVarint(UInt64(entry.paragraph - previous) << 1 | 1)
            previous = entry.paragraph
            if positional { writer.appendVarint(UInt64(entry.positions[0])) }
            for index in entry.positions.indices.dropFirst() {
                writer.appendVarint(positional ? UInt64(entry.positions[index] - entry.positions[index - 1]) << 1 : 0)
            }
        }
        return writer.bytes
    }

    func encoded(_ entries: [Entry], positional: Bool, impacts: ImpactModel? = nil) -> [UInt8] {
        var output = ByteWriter()
        PostingsFormat.encode(stream: stream(entries, positional: positional), positional: positional, impacts: impacts, into: &output)
        return output.bytes
    }

    /// Word counts for every paragraph up to the last entry's: mostly short, some long,
    /// a few past the u16 the segment stores.
    func randomWordCounts(_ entries: [Entry], _ random: inout SplitMix64) -> ImpactModel {
        let paragraphs = (entries.last?.paragraph ?? 0) + 1
        var counts: [UInt32] = []
        for _ in 0..<paragraphs {
            let roll = random.next() % 100
            let count: UInt64 = roll == 0 ? 60_000 + random.next() % 20_000 : roll < 10 ? random.next() % 2_000 : 1 + random.next() % 80
            counts.append(UInt32(count))
        }
        return ImpactModel(wordCounts: counts)
    }

    @Test(arguments: [1, 63, 64, 65, 1_000, 3_001])
    func randomWalksAgreeWithTheModel(count: Int) throws {
        var random = SplitMix64(seed: UInt64(count))
        let entries = randomEntries(count, &random)
        let lengths = randomWordCounts(entries, &random)
        // Positional terms, then words without impacts (format 3) and with them (format 4).
        for (positional, impacts) in [(true, false), (false, false), (false, true)] {
            let bytes = encoded(entries, positional: positional, impacts: impacts ? lengths : nil)
            try bytes.withUnsafeBytes { buffer in
                var whole = try PostingsCursor(buffer, positional: positional, impacts: impacts)
                #expect(whole.count == count)
                for entry in entries {
                    let posting = try #require(try whole.next())
                    #expect(posting.paragraph == entry.paragraph)
                    #expect(posting.frequency == entry.positions.count)
                    if positional { #expect(posting.positions == entry.positions) }
                }
                #expect(try whole.next() == nil)
                for _ in 0..<40 {
                    var cursor = try PostingsCursor(buffer, positional: positional, impacts: impacts)
                    var index = -1
                    while true {
                        let move = random.next() % 4
                        if move == 0 && random.next() % 8 == 0 {
                            // The rest at once, from wherever the walk has got to.
                            var rest: [Int32] = []
                            try cursor.appendRemainingParagraphs(to: &rest)
                            #expect(rest == entries.dropFirst(index + 1).map { Int32($0.paragraph) }, "the rest after \(index)")
                            #expect(try cursor.nextParagraph() == nil)
                            break
                        }
                        if move == 0 {
                            index += 1
                            let paragraph = try cursor.nextParagraph()
                            guard index < entries.count else {
                                #expect(paragraph == nil)
                                break
                            }
                            #expect(paragraph == entries[index].paragraph)
                        } else {
                            let base = index >= 0 && index < entries.count ? entries[index].paragraph : -1
                            let target = base + Int(random.next() % (move == 1 ? 4 : move == 2 ? 2_000 : 200_000))
                            let expected = entries.firstIndex { $0.paragraph >= target && $0.paragraph >= base }
                            // Both seeks, the inlined one for targets near and far alike.
                            let paragraph = try random.next() % 2 == 0 ? cursor.seek(atLeast: target) : cursor.seekNearby(atLeast: target)
                            guard let expected else {
                                #expect(paragraph == nil)
                                break
                            }
                            index = max(index, expected)
                            #expect(paragraph == entries[index].paragraph, "seek to \(target)")
                        }
                        #expect(cursor.frequency == entries[index].positions.count)
                        if positional && random.next() % 3 == 0 {
                            var positions: [Int32] = [-7]
                            try cursor.readPositions(into: &positions)
                            #expect(positions == [-7] + entries[index].positions.map(Int32.init))
                        }
                    }
                }
            }
        }
    }

    /// Each block's impact is the quantised largest saturation of its entries, bounds
    /// every entry's at the segment's average and, stretched, at any other; walking the
    /// impacts forward, and now and then back, reports the right block and leaves
    /// seeking intact.
    @Test(arguments: [1, 64, 65, 3_001])
    func blockImpactsBoundTheirEntries(count: Int) throws {
        var random = SplitMix64(seed: UInt64(count) &+ 99)
        let entries = randomEntries(count, &random)
        let model = randomWordCounts(entries, &random)
        let bytes = encoded(entries, positional: false, impacts: model)
        func saturation(_ entry: Entry, average: Double) -> Double {
            TermSaturation.value(frequency: entry.positions.count, length: Int(model.lengths[entry.paragraph]), averageLength: average)
        }
        let blocks = stride(from: 0, to: count, by: PostingsFormat.blockSize).map { entries[$0..<min($0 + PostingsFormat.blockSize, count)] }
        try bytes.withUnsafeBytes { buffer in
            let cursor = try PostingsCursor(buffer, positional: false, impacts: true)
            for (number, block) in blocks.enumerated() {
                let impact = cursor.impact(ofBlock: number)
                let largest = block.map { saturation($0, average: model.averageLength) }.max()!
                #expect(impact == BlockImpact.quantize(largest))
                #expect(BlockImpact.bound(impact) >= largest)
                #expect(BlockImpact.bound(impact) - largest <= (TermSaturation.k1 + 1) / 65_535)
                for average in [model.averageLength * 0.5, model.averageLength * 1.7, 3.0] {
                    let stretched = BlockImpact.bound(impact) * max(1, average / model.averageLength) * (1 + 1e-9)
                    #expect(block.allSatisfy { saturation($0, average: average) <= stretched }, "average \(average)")
                }
            }
            func expectImpact(_ walker: inout PostingsCursor, at target: Int) throws {
                // The last block whose preceding paragraph is below the target.
                let holder = blocks.lastIndex { block in (block.startIndex == 0 ? -1 : entries[block.startIndex - 1].paragraph) < target }!
                let (impact, last) = try walker.blockImpact(at: target)
                #expect(impact == cursor.impact(ofBlock: holder))
                #expect(last == (holder == blocks.count - 1 ? Int.max : blocks[holder].last!.paragraph))
            }
            for _ in 0..<20 {
                var walker = cursor
                var target = 0
                while target <= entries.last!.paragraph + 10 {
                    try expectImpact(&walker, at: target)
                    if random.next() % 5 == 0 { try expectImpact(&walker, at: Int(random.next() % UInt64(target + 1))) }
                    if random.next() % 2 == 0 {
                        let expected = entries.first { $0.paragraph >= target }?.paragraph
                        #expect(try walker.seek(atLeast: target) == expected, "seek to \(target) after its impact")
                    }
                    target += 1 + Int(random.next() % (random.next() % 2 == 0 ? 50 : 20_000))
                }
            }
        }
    }

    @Test func positionsShiftIntoAPointer() throws {
        let entries = [Entry(paragraph: 5, positions: [3, 9, 40])]
        let bytes = encoded(entries, positional: true)
        try bytes.withUnsafeBytes { buffer in
            var cursor = try PostingsCursor(buffer, positional: true, impacts: false)
            #expect(try cursor.nextParagraph() == 5)
            let output = UnsafeMutablePointer<Int32>.allocate(capacity: 3)
            defer { output.deallocate() }
            #expect(try cursor.readPositions(to: output, shiftedBy: 3) == 3)
            #expect(Array(UnsafeBufferPointer(start: output, count: 3)) == [0, 6, 37])
            #expect(try cursor.readPositions(to: output, shiftedBy: 0) == 3, "positions can be read again")
            #expect(Array(UnsafeBufferPointer(start: output, count: 3)) == [3, 9, 40])
            #expect(try cursor.nextParagraph() == nil)
            #expect(throws: FormatError.self) { try cursor.readPositions(to: output, shiftedBy: 0) }
        }
    }

    @Test func keepingPositionsMatchesAnIntersectionWithTheShiftedPositions() throws {
        var random = SplitMix64(seed: 17)
        let entries = randomEntries(900, &random)
        let bytes = encoded(entries, positional: true)
        try bytes.withUnsafeBytes { buffer in
            var cursor = try PostingsCursor(buffer, positional: true, impacts: false)
            let values = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
            defer { values.deallocate() }
            for entry in entries {
                #expect(try cursor.nextParagraph() == entry.paragraph)
                let shift = Int32(random.next() % 4)
                // Candidates: some of the entry's positions shifted, and values between them.
                var candidates = Set<Int32>()
                for position in entry.positions where random.next() % 2 == 0 { candidates.insert(Int32(position) - shift) }
                for _ in 0..<(random.next() % 6) { candidates.insert(Int32(random.next() % 300) - 3) }
                let sorted = candidates.sorted().prefix(64)
                for (index, value) in sorted.enumerated() { values[index] = value }
                let kept = try cursor.keepPositions(among: values, count: sorted.count, shiftedBy: shift)
                let expected = sorted.filter { entry.positions.contains(Int($0 + shift)) }
                #expect(Array(UnsafeBufferPointer(start: values, count: kept)) == expected, "paragraph \(entry.paragraph)")
            }
            #expect(try cursor.nextParagraph() == nil)
            #expect(throws: FormatError.self) { try cursor.keepPositions(among: values, count: 0, shiftedBy: 0) }
        }
    }

    @Test func anEmptyCursorHasNothing() throws {
        var cursor = PostingsCursor()
        #expect(cursor.count == 0)
        #expect(try cursor.nextParagraph() == nil)
        #expect(try cursor.seek(atLeast: 10) == nil)
    }

    @Test func damagedPostingsAreFormatErrorsNotCrashes() throws {
        var random = SplitMix64(seed: 5)
        let bytes = encoded(randomEntries(700, &random), positional: true)
        for trial in 0..<300 {
            var damaged = bytes
            let flips = 1 + trial % 3
            for _ in 0..<flips { damaged[Int(random.next() % UInt64(damaged.count))] ^= UInt8(1 << (random.next() % 8)) }
            if trial % 10 == 0 { damaged.removeLast(Int(random.next() % UInt64(damaged.count))) }
            damaged.withUnsafeBytes { buffer in
                do throws(FormatError) {
                    var cursor = try PostingsCursor(buffer, positional: true, impacts: false)
                    if trial % 4 == 0 { try cursor.verifySkips() }
                    var steps = 0
                    while let paragraph = try (steps % 3 == 0 ? cursor.seek(atLeast: cursor.paragraph + 50) : cursor.nextParagraph()),
                          steps < 5_000 {
                        _ = paragraph
                        var positions: [Int32] = []
                        if steps % 2 == 0 { try cursor.readPositions(into: &positions) }
                        if steps % 4 == 1 {
                            var starts: [Int32] = [0, 1, 5, 90, 1_000]
                            _ = try starts.withUnsafeMutableBufferPointer { (values: inout UnsafeMutableBufferPointer<Int32>) throws(FormatError) in
                                try cursor.keepPositions(among: values.baseAddress!, count: values.count, shiftedBy: 0)
                            }
                        }
                        steps += 1
                    }
                } catch {
                    // A clear error is the expected outcome for most damage.
                }
            }
        }
    }

    /// The skip table is checked against the blocks: inverting any one of its bytes (a
    /// width byte or one holding value bits) is caught, by the cursor or by `verifySkips`.
    @Test(arguments: [false, true])
    func everyDamagedSkipByteIsCaught(positional: Bool) throws {
        var random = SplitMix64(seed: 17)
        let bytes = encoded(randomEntries(700, &random), positional: positional)
        let (skipsStart, skipsLength) = try bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            _ = try reader.readVarint()
            let length = Int(try reader.readVarint())
            _ = try reader.readVarint()
            return (reader.offset, length)
        }
        #expect(skipsLength > 0)
        try bytes.withUnsafeBytes { buffer in try PostingsCursor(buffer, positional: positional, impacts: false).verifySkips() }
        for offset in skipsStart..<(skipsStart + skipsLength) {
            var damaged = bytes
            damaged[offset] ^= 0xFF
            damaged.withUnsafeBytes { buffer in
                _ = #expect(throws: FormatError.self, "skip byte \(offset - skipsStart)") {
                    try PostingsCursor(buffer, positional: positional, impacts: false).verifySkips()
                }
            }
        }
    }
}
