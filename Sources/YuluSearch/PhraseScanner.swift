import YuluIndex

/// Paragraphs in rising order, each with a list of positions, stored flat: a phrase's
/// matches (with the start of each occurrence) or a unit's merged postings. A list is
/// built either with positions for every paragraph or with none.
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

    mutating func reserveCapacity(_ count: Int) {
        paragraphs.reserveCapacity(count)
    }

    /// Adds the paragraphs of the cursor's remaining entries to a list without positions.
    mutating func appendParagraphs(from cursor: inout PostingsCursor) throws(FormatError) {
        try cursor.appendRemainingParagraphs(to: &paragraphs)
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
    mutating func phraseStarts(into scratch: PositionScratch) throws(FormatError) {
        guard let merged else { return try scratch.fill(from: &cursor, shiftedBy: offset) }
        scratch.fill(from: merged.positions(at: mergedIndex), shiftedBy: offset)
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

/// Finds a phrase's paragraphs in one segment from postings alone: the required parts
/// and a cover of the bigrams chosen by rarity; the part with the fewest paragraphs
/// leads, the others are sought at its paragraphs (skipping through their skip
/// entries), and where all are present their positions, shifted by their offsets, must
/// share a start.
struct PhraseScanner {
    let reader: SegmentReader

    /// The paragraphs where the phrase occurs (only among `within`, sorted, when given),
    /// with the start of each occurrence when `withStarts`.
    func matches(_ plan: PhrasePlan, withStarts: Bool, within: [Int32]? = nil) throws(FormatError) -> PositionLists {
        let single = plan.required.count + plan.bigrams.count == 1
        var sources: [PartSource] = []
        for part in plan.required {
            guard let source = try self.source(part, withPositions: !single || withStarts) else { return PositionLists() }
            sources.append(source)
        }
        var bigrams: [(info: TermInfo, offset: Int)] = []
        for case .term(let term, let offset) in plan.bigrams {
            // Every bigram of the phrase occurs in every match: one missing means none.
            guard let info = try reader.termInfo(term) else { return PositionLists() }
            bigrams.append((info, offset))
        }
        let cover = plan.cover(counts: bigrams.map(\.info.paragraphCount), requiredLists: sources.count,
                               requiredLeast: sources.map(\.count).min() ?? .max)
        for index in cover {
            let (info, offset) = bigrams[index]
            sources.append(PartSource(cursor: try reader.postings(info, kind: .bigram), merged: nil, offset: Int32(offset),
                                      count: info.paragraphCount))
        }
        sources.sort { $0.count < $1.count }
        var result = PositionLists()
        var allowed = 0
        /// The first paragraph at or after `target` that `within` allows.
        func admissible(_ target: Int32) -> Int32? {
            guard let within else { return target }
            allowed = ParagraphSets.lowerBound(of: target, in: within, from: allowed)
            return allowed < within.count ? within[allowed] : nil
        }
        if sources.count == 1 && !withStarts {
            var only = sources[0]
            result.reserveCapacity(min(only.count, within?.count ?? Int.max))
            guard within != nil else {
                if let merged = only.merged {
                    for paragraph in merged.paragraphs { result.append(paragraph) }
                } else {
                    try result.appendParagraphs(from: &only.cursor)
                }
                return result
            }
            var target: Int32 = 0
            while let next = admissible(target), let paragraph = try only.seek(atLeast: next) {
                if paragraph == next { result.append(paragraph) }
                target = paragraph == next ? paragraph + 1 : paragraph
            }
            return result
        }
        let candidates = PositionScratch(), positions = PositionScratch()
        var target: Int32 = 0
        try sources.withUnsafeMutableBufferPointer { (sources: inout UnsafeMutableBufferPointer<PartSource>) throws(FormatError) in
            scan: while let next = admissible(target), let paragraph = try sources[0].seek(atLeast: next) {
                if paragraph != next && within != nil {
                    target = paragraph
                    continue scan
                }
                for index in 1..<sources.count {
                    guard let found = try sources[index].seek(atLeast: paragraph) else { break scan }
                    if found > paragraph {
                        target = found
                        continue scan
                    }
                }
                try sources[0].phraseStarts(into: candidates)
                for index in 1..<sources.count where !candidates.isEmpty {
                    try sources[index].phraseStarts(into: positions)
                    candidates.formIntersection(positions)
                }
                // The part at offset 0 is always present, so no start is negative.
                if !candidates.isEmpty {
                    if withStarts { result.append(paragraph, positions: candidates.values) } else { result.append(paragraph) }
                }
                target = paragraph + 1
            }
        }
        return result
    }

    private func source(_ part: PhrasePlan.Part, withPositions: Bool) throws(FormatError) -> PartSource? {
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
