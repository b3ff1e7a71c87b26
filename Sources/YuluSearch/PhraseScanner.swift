import YuluIndex

/// Finds the paragraphs of a phrase, of an AND of phrases and of a NEAR in one segment,
/// from postings alone.
struct PhraseScanner {
    let reader: SegmentReader

    /// The paragraphs where the phrase occurs, only among `within` (sorted) when given.
    func paragraphs(_ plan: PhrasePlan, within: [Int32]? = nil) throws(FormatError) -> [Int32] {
        guard within == nil else { return try paragraphs(allOf: [plan], within: within) }
        guard var cursor = try PhraseCursor(plan, in: reader, withStarts: false) else { return [] }
        var result: [Int32] = []
        try cursor.appendMatches(to: &result)
        return result
    }

    /// The paragraphs (only among `within`, sorted, when given) that hold every phrase.
    func paragraphs(allOf plans: [PhrasePlan], within: [Int32]? = nil) throws(FormatError) -> [Int32] {
        guard var cursors = try PhraseCursors(plans, in: reader, withStarts: false) else { return [] }
        let order = cursors.order
        return try cursors.paragraphs(within: within) { (cursors) throws(FormatError) in
            for index in order where !(try cursors[index].confirm()) { return false }
            return true
        }
    }

    /// The paragraphs (only among `within`, sorted, when given) where an occurrence of
    /// one phrase ends and one of the other starts at most `distance` positions later.
    func paragraphs(_ left: PhrasePlan, near right: PhrasePlan, distance: Int, within: [Int32]? = nil) throws(FormatError) -> [Int32] {
        guard var cursors = try PhraseCursors([left, right], in: reader, withStarts: true) else { return [] }
        let (leftLength, rightLength) = (left.pattern.length, right.pattern.length)
        return try cursors.paragraphs(within: within) { (cursors) throws(FormatError) in
            let leftStarts = try cursors[0].starts()
            guard !leftStarts.isEmpty else { return false }
            let rightStarts = try cursors[1].starts()
            return NearCheck.holds(leftStarts, length: leftLength, rightStarts, length: rightLength, distance: distance)
        }
    }
}

/// The cursors of several phrases in one segment, walked together: each paragraph where
/// every phrase has a candidate is offered to a test, so positions are read only where
/// all the phrases' parts are present (the two-phase iteration of Lucene's conjunctions).
struct PhraseCursors: ~Copyable {
    /// One cursor per phrase, in the order the phrases were given.
    private let cursors: UnsafeMutableBufferPointer<PhraseCursor>
    /// The cursors' indices, the one with fewest candidates first: it leads.
    let order: [Int]

    /// Nil when some phrase cannot occur in the segment.
    init?(_ plans: [PhrasePlan], in reader: SegmentReader, withStarts: Bool) throws(FormatError) {
        let cursors = UnsafeMutableBufferPointer<PhraseCursor>.allocate(capacity: plans.count)
        var made = 0
        var estimates: [Int] = []
        do {
            for plan in plans {
                guard let cursor = try PhraseCursor(plan, in: reader, withStarts: withStarts) else { break }
                estimates.append(cursor.estimate)
                (cursors.baseAddress! + made).initialize(to: cursor)
                made += 1
            }
        } catch {
            Self.release(cursors, made: made)
            throw error
        }
        guard made == plans.count else {
            Self.release(cursors, made: made)
            return nil
        }
        self.cursors = cursors
        order = estimates.indices.sorted { (estimates[$0], $0) < (estimates[$1], $1) }
    }

    deinit { Self.release(cursors, made: cursors.count) }

    private static func release(_ cursors: UnsafeMutableBufferPointer<PhraseCursor>, made: Int) {
        cursors.baseAddress!.deinitialize(count: made)
        cursors.deallocate()
    }

    /// The paragraphs (only among `within`, sorted, when given) where every phrase has a
    /// candidate and `accept` holds; `accept` gets the cursors in the phrases' order, each
    /// at that paragraph. (Inlined, so that each caller's test is too.)
    @inline(__always)
    mutating func paragraphs(within: [Int32]?, accept: (UnsafeMutableBufferPointer<PhraseCursor>) throws(FormatError) -> Bool)
        throws(FormatError) -> [Int32]
    {
        var result: [Int32] = []
        var target: Int32 = 0
        var allowed = 0
        let lead = order[0]
        scan: while true {
            if let within {
                allowed = ParagraphSets.lowerBound(of: target, in: within, from: allowed)
                guard allowed < within.count else { break }
                target = within[allowed]
            }
            guard let reached = try within == nil ? cursors[lead].candidate(atLeast: target) : cursors[lead].step(to: target) else { break }
            if within != nil && reached != target {
                target = reached
                continue
            }
            target = reached
            for rank in 1..<order.count {
                guard let found = try cursors[order[rank]].step(to: target) else { break scan }
                if found != target {
                    target = found
                    continue scan
                }
            }
            if try accept(cursors) { result.append(target) }
            target += 1
        }
        return result
    }
}
