import YuluIndex

/// Paragraphs in rising order, each with a list of positions, stored flat: a unit's
/// postings merged from several terms. A list is built either with positions for every
/// paragraph or with none.
struct PositionLists {
    private(set) var paragraphs: [Int32] = []
    private var ends: [Int32] = [0]
    private var positions: [Int32] = []

    /// The positions of `paragraphs[index]` (none in a list built without positions).
    func positions(at index: Int) -> ArraySlice<Int32> {
        guard index + 1 < ends.count else { return [] }
        return positions[Int(ends[index])..<Int(ends[index + 1])]
    }

    /// Adds a paragraph to a list without positions.
    mutating func append(_ paragraph: Int32) {
        paragraphs.append(paragraph)
    }

    mutating func append<S: Sequence<Int32>>(_ paragraph: Int32, positions more: S) {
        paragraphs.append(paragraph)
        positions.append(contentsOf: more)
        ends.append(Int32(positions.count))
    }
}

/// The postings of one plan part in one segment, at its offset in the phrase: a term's
/// cursor, or a unit's occurrences merged from several terms (then `merged` is set and
/// the cursor is empty).
private struct PartSource {
    /// The term's cursor (empty for a merged unit).
    var cursor: PostingsCursor
    let merged: PositionLists?
    var mergedIndex = 0
    let offset: Int32
    let count: Int

    @inline(__always)
    mutating func seek(atLeast target: Int32) throws(FormatError) -> Int32? {
        guard let merged else {
            // Stepping to the next entry is the common case, and far cheaper than a seek.
            if Int(target) == cursor.paragraph &+ 1 { return try cursor.nextParagraph().map(Int32.init) }
            return try cursor.seek(atLeast: Int(target)).map(Int32.init)
        }
        let paragraphs = merged.paragraphs
        mergedIndex = ParagraphSets.lowerBound(of: target, in: paragraphs, from: mergedIndex)
        return mergedIndex < paragraphs.count ? paragraphs[mergedIndex] : nil
    }

    /// The current paragraph's positions, minus the part's offset, into `scratch`.
    @inline(__always)
    mutating func phraseStarts(into scratch: PositionScratch) throws(FormatError) {
        guard let merged else { return try scratch.fill(from: &cursor, shiftedBy: offset) }
        scratch.fill(from: merged.positions(at: mergedIndex), shiftedBy: offset)
    }

    /// Keeps of the phrase's candidate starts in `starts` those where this part occurs
    /// in the current paragraph (`spare` holds a merged unit's positions meanwhile).
    @inline(__always)
    mutating func keepStarts(in starts: PositionScratch, spare: PositionScratch) throws(FormatError) {
        guard merged == nil else {
            try phraseStarts(into: spare)
            return starts.formIntersection(spare)
        }
        let kept = try cursor.keepPositions(among: starts.base, count: starts.count, shiftedBy: offset)
        starts.truncate(to: kept)
    }
}

extension PositionLists {
    /// A unit's occurrences gathered from several terms (its unit term and the bigrams
    /// it starts), merged with one sort of packed paragraph/position keys.
    init(merging terms: [TermInfo], kinds: [TermKind], in reader: SegmentReader, withPositions: Bool) throws(FormatError) {
        var keys: [UInt64] = []
        keys.reserveCapacity(terms.reduce(0) { $0 + $1.paragraphCount })
        var buffer: [Int32] = []
        for (info, kind) in zip(terms, kinds) {
            var cursor = try reader.postings(info, kind: kind)
            while let paragraph = try cursor.nextParagraph() {
                guard withPositions else {
                    keys.append(UInt64(paragraph) << 32)
                    continue
                }
                buffer.removeAll(keepingCapacity: true)
                try cursor.readPositions(into: &buffer)
                for position in buffer { keys.append(UInt64(paragraph) << 32 | UInt64(UInt32(position))) }
            }
        }
        keys.sort()
        self.init()
        var start = 0
        while start < keys.count {
            let paragraph = keys[start] >> 32
            var end = start + 1
            while end < keys.count && keys[end] >> 32 == paragraph { end += 1 }
            if withPositions {
                append(Int32(paragraph), positions: keys[start..<end].lazy.map { Int32(truncatingIfNeeded: $0) })
            } else {
                append(Int32(paragraph))
            }
            start = end
        }
    }
}

/// A phrase's occurrences in one segment, paragraph by paragraph (see `PhrasePlan`): the
/// required parts and a cover of the bigrams chosen by rarity. The part with the fewest
/// paragraphs leads and the others are sought at its paragraphs (skipping through their
/// skip entries); a paragraph where all are present is a candidate, and holds the phrase
/// when their positions, shifted by their offsets, share a start. Positions are read
/// only when a candidate is confirmed. Owns its parts' cursors, so it is not copied.
struct PhraseCursor: ~Copyable {
    private let sources: UnsafeMutableBufferPointer<PartSource>
    /// Whether every part reads a term's cursor (none is a merged unit).
    private let termPartsOnly: Bool
    /// The phrase's starts in the current candidate once read; a merged unit's positions.
    private let startScratch = PositionScratch(), positions = PositionScratch()
    private var startsRead = false

    /// Nil when some part of the phrase occurs nowhere in the segment. Without
    /// `withStarts`, a phrase of one part reads no positions at all.
    init?(_ plan: PhrasePlan, in reader: SegmentReader, withStarts: Bool) throws(FormatError) {
        let single = plan.required.count + plan.bigrams.count == 1
        var required: [PartSource] = []
        for part in plan.required {
            guard let source = try Self.source(part, in: reader, withPositions: !single || withStarts) else { return nil }
            required.append(source)
        }
        var bigrams: [TermInfo] = []
        bigrams.reserveCapacity(plan.bigrams.count)
        for case .term(let term, _) in plan.bigrams {
            // Every bigram of the phrase occurs in every match: one missing means none.
            guard let info = try reader.termInfo(term) else { return nil }
            bigrams.append(info)
        }
        let cover = plan.cover(counts: bigrams.map(\.paragraphCount), requiredLists: required.count,
                               requiredLeast: required.map(\.count).min() ?? .max)
        // The parts, fewest paragraphs first (required ones before bigrams on a tie): part i
        // is required[i] below required.count, else the bigram cover[i − required.count].
        var order: [(count: Int, part: Int)] = required.enumerated().map { ($1.count, $0) }
        for index in cover { order.append((bigrams[index].paragraphCount, order.count)) }
        order.sort { ($0.count, $0.part) < ($1.count, $1.part) }
        let sources = UnsafeMutableBufferPointer<PartSource>.allocate(capacity: order.count)
        for (slot, (_, part)) in order.enumerated() {
            let source: PartSource
            if part < required.count {
                source = required[part]
            } else {
                let index = cover[part - required.count]
                do {
                    source = PartSource(cursor: try reader.postings(bigrams[index], kind: .bigram), merged: nil,
                                        offset: Int32(plan.bigrams[index].offset), count: bigrams[index].paragraphCount)
                } catch {
                    sources.baseAddress!.deinitialize(count: slot)
                    sources.deallocate()
                    throw error
                }
            }
            (sources.baseAddress! + slot).initialize(to: source)
        }
        self.sources = sources
        termPartsOnly = sources.allSatisfy { $0.merged == nil }
    }

    deinit {
        sources.deinitialize()
        sources.deallocate()
    }

    /// Paragraphs the leading part holds: at least as many as hold the phrase.
    var estimate: Int { sources[0].count }

    /// Moves to the first candidate at or after `target` (the lead part's next paragraph
    /// where every other part is too) and returns it; nil when none is left. Reads no positions.
    @inline(__always)
    mutating func candidate(atLeast target: Int32) throws(FormatError) -> Int32? {
        var target = target
        scan: while let paragraph = try sources[0].seek(atLeast: target) {
            for index in 1..<sources.count {
                guard let found = try sources[index].seek(atLeast: paragraph) else { return nil }
                if found > paragraph {
                    target = found
                    continue scan
                }
            }
            startsRead = false
            return paragraph
        }
        return nil
    }

    /// Seeks every part to `paragraph` and returns `paragraph` when all hold it (it is
    /// then the current candidate); else the paragraph a part reached past it, before
    /// which no candidate lies; nil when some part has no paragraph left. Reads no positions.
    @inline(__always)
    mutating func step(to paragraph: Int32) throws(FormatError) -> Int32? {
        for index in 0..<sources.count {
            guard let reached = try sources[index].seek(atLeast: paragraph) else { return nil }
            if reached != paragraph { return reached }
        }
        startsRead = false
        return paragraph
    }

    /// Whether the phrase occurs in the current candidate. A phrase of one part occurs
    /// wherever the part does; one whose parts are all terms is looked for by `occurs()`,
    /// which stops at the first start; one with a merged unit reads the starts.
    @inline(__always)
    mutating func confirm() throws(FormatError) -> Bool {
        if sources.count == 1 { return true }
        if startsRead || !termPartsOnly { return try !starts().isEmpty }
        return try occurs()
    }

    /// Whether some start is common to every part's positions less its offset: the parts'
    /// positions are walked together, each moved to the highest start any has reached,
    /// until all agree (the phrase occurs) or one runs out. Stops at the first start, where
    /// `starts()` reads every position of the leading part and the others' as far as its
    /// last. For cursors of term parts only.
    private mutating func occurs() throws(FormatError) -> Bool {
        let count = sources.count
        return try withUnsafeTemporaryAllocation(of: PositionIterator.self, capacity: count) { (iterators) throws(FormatError) -> Bool in
            for index in 0..<count { (iterators.baseAddress! + index).initialize(to: try sources[index].cursor.positionIterator()) }
            var target = iterators[0].position &- Int(sources[0].offset)
            var agreeing = 1, part = 1
            while agreeing < count {
                let offset = Int(sources[part].offset)
                guard iterators[part].advance(toAtLeast: target &+ offset) else { return false }
                let start = iterators[part].position &- offset
                if start > target {
                    target = start
                    agreeing = 1
                } else {
                    agreeing &+= 1
                }
                part = part &+ 1 == count ? 0 : part &+ 1
            }
            return true
        }
    }

    /// The starts of the phrase's occurrences in the current candidate, rising.
    @inline(__always)
    mutating func starts() throws(FormatError) -> UnsafeBufferPointer<Int32> {
        if !startsRead {
            try sources[0].phraseStarts(into: startScratch)
            for index in 1..<sources.count where !startScratch.isEmpty {
                try sources[index].keepStarts(in: startScratch, spare: positions)
            }
            startsRead = true
        }
        // The part at offset 0 is always present, so no start is negative.
        return startScratch.values
    }

    /// Appends every paragraph that holds the phrase, rising, to `output`. For a cursor
    /// that has not moved yet.
    mutating func appendMatches(to output: inout [Int32]) throws(FormatError) {
        guard sources.count > 1 else {
            output.reserveCapacity(output.count + sources[0].count)
            if let merged = sources[0].merged {
                output.append(contentsOf: merged.paragraphs[sources[0].mergedIndex...])
            } else {
                try sources[0].cursor.appendRemainingParagraphs(to: &output)
            }
            return
        }
        var target: Int32 = 0
        while let paragraph = try candidate(atLeast: target) {
            if try confirm() { output.append(paragraph) }
            target = paragraph + 1
        }
    }

    private static func source(_ part: PhrasePlan.Part, in reader: SegmentReader, withPositions: Bool) throws(FormatError) -> PartSource? {
        switch part {
        case .term(let term, let offset):
            guard let info = try reader.termInfo(term), let kind = TermKind(rawValue: term[0]) else { return nil }
            return PartSource(cursor: try reader.postings(info, kind: kind), merged: nil, offset: Int32(offset), count: info.paragraphCount)
        case .anyUnit(let unit, let offset):
            var infos: [TermInfo] = []
            var kinds: [TermKind] = []
            if let info = try reader.termInfo(TermBytes.unit(unit)) {
                infos.append(info)
                kinds.append(.unit)
            }
            for (_, info) in try reader.termInfos(withPrefix: TermBytes.bigram(unit, "")) {
                infos.append(info)
                kinds.append(.bigram)
            }
            guard !infos.isEmpty else { return nil }
            let merged = try PositionLists(merging: infos, kinds: kinds, in: reader, withPositions: withPositions)
            return PartSource(cursor: PostingsCursor(), merged: merged, offset: Int32(offset), count: merged.paragraphs.count)
        }
    }
}
