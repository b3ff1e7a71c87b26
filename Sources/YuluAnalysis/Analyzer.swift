import CICUShim

/// Turns text into units, breaks and words: the one definition of what a term is
/// (DESIGN, "What a term is"). Documents and queries go through the same analyser.
///
/// An analyser holds an ICU word-break iterator and a normalisation memo, neither of
/// which is thread-safe: use one analyser per thread (it is deliberately not `Sendable`).
public final class Analyzer {
    private let folding: Folding
    private let wordBreaker: UnsafeMutableRawPointer
    /// The origin maps of the last analysis, kept to reuse their storage.
    private var spareOrigins = OriginMap()

    /// Creates an analyser; by default with the traditional → simplified table built from
    /// this process's ICU, or with a stored one (an index's), so queries fold as its documents did.
    public init(simplification: SimplificationTable = .shared) {
        folding = Folding(simplification: simplification)
        var status: Int32 = 0
        guard let iterator = yicu_word_breaker_open("zh", &status), status <= 0 else {
            fatalError("ICU word break for zh is missing: \(String(cString: yicu_error_name(status)))")
        }
        wordBreaker = iterator
    }

    deinit { yicu_word_breaker_close(wordBreaker) }

    /// Analyses `text`: normalises it chunk by chunk, reads units and breaks, and,
    /// when `includeWords` is set, segments the normalised text into ICU words.
    public func analyze(_ text: String, includeWords: Bool = true) -> Analysis {
        var origins = OriginMap()
        swap(&origins, &spareOrigins)
        var builder = TokenBuilder(expectedLength: text.utf8.count, origins: origins)
        var chunk = Chunk()
        var scalarIndex: Int32 = 0
        for scalar in text.unicodeScalars {
            let codePoint = scalar.value
            let entry = folding.entry(codePoint)
            if entry.hasBoundaryBefore && chunk.count > 0 {
                if chunk.count == 1 && chunk.firstEntry.isSingle {
                    builder.append(chunk.firstEntry.folded, chunk.firstEntry.characterClass,
                                   origin: chunk.start..<scalarIndex)
                } else {
                    emitSlowly(chunk, end: scalarIndex, into: &builder)
                }
                chunk.count = 0
            }
            chunk.add(codePoint, entry: entry, at: scalarIndex)
            scalarIndex += 1
        }
        if chunk.count > 0 { emitSlowly(chunk, end: scalarIndex, into: &builder) }
        let tokens = builder.finish()
        let words = includeWords ? segmentWords(builder) : []
        spareOrigins = builder.origins
        return Analysis(text: text, normalized: builder.normalized, tokens: tokens, words: words)
    }

    /// The normalised form of `text` (NFKC, case folded, simplified).
    public func normalize(_ text: String) -> String {
        analyze(text, includeWords: false).normalizedText
    }

    /// Emits a chunk that is not a single code point folding to one (or the last chunk).
    private func emitSlowly(_ chunk: Chunk, end: Int32, into builder: inout TokenBuilder) {
        let origin = chunk.start..<end
        if chunk.count == 1 && chunk.firstEntry.isSingle {
            builder.append(chunk.firstEntry.folded, chunk.firstEntry.characterClass, origin: origin)
            return
        }
        let codePoints = chunk.count == 1 ? [chunk.first] : chunk.all
        for codePoint in folding.foldChunk(codePoints) {
            let entry = folding.entry(codePoint)
            let characterClass = entry.isSingle ? entry.characterClass : CharacterClass.of(codePoint)
            builder.append(codePoint, characterClass, origin: origin)
        }
    }

    private func segmentWords(_ builder: TokenBuilder) -> [Word] {
        let normalized = builder.normalized
        guard !normalized.isEmpty else { return [] }
        var bounds = [Int32](repeating: 0, count: 2 * normalized.count)
        var status: Int32 = 0
        let count = Int(yicu_words(wordBreaker, normalized, Int32(normalized.count), &bounds,
                                   Int32(normalized.count), &status))
        guard status <= 0 else { return [] }
        return (0..<count).map { index in
            let start = bounds[2 * index], end = bounds[2 * index + 1]
            return Word(normalized: start..<end,
                        original: builder.origins.starts[Int(start)]..<builder.origins.ends[Int(end) - 1])
        }
    }
}

/// The code points of one NFKC chunk of the original text.
private struct Chunk {
    var count = 0
    var start: Int32 = 0
    var first: UInt32 = 0
    var firstEntry = Folding.Entry(bits: 0)
    /// Every code point of the chunk, kept only once it has more than one.
    var all: [UInt32] = []

    @inline(__always)
    mutating func add(_ codePoint: UInt32, entry: Folding.Entry, at index: Int32) {
        if count == 0 {
            start = index
            first = codePoint
            firstEntry = entry
        } else {
            if count == 1 { all = [first] }
            all.append(codePoint)
        }
        count += 1
    }
}

/// For each code unit of a normalised text, where its NFKC chunk starts and ends in the
/// original (Unicode scalars).
private struct OriginMap {
    var starts: [Int32] = []
    var ends: [Int32] = []
}

/// Accumulates the normalised text and reads units and breaks from it as code points arrive.
private struct TokenBuilder {
    var normalized: [UInt16] = []
    var origins: OriginMap
    private var tokens: [Token] = []

    private var runOpen = false
    private var runNormalizedStart: Int32 = 0
    private var runOriginalStart: Int32 = 0
    private var runNormalizedEnd: Int32 = 0
    private var runOriginalEnd: Int32 = 0

    private var breakPending = false
    private var breakNormalized: Range<Int32> = 0..<0
    private var breakOriginal: Range<Int32> = 0..<0

    /// Starts a text of `expectedLength` UTF-8 bytes, reusing the storage of `origins`.
    init(expectedLength: Int, origins: OriginMap) {
        self.origins = origins
        self.origins.starts.removeAll(keepingCapacity: true)
        self.origins.ends.removeAll(keepingCapacity: true)
        normalized.reserveCapacity(expectedLength)
        tokens.reserveCapacity(expectedLength / 3 + 1)
    }

    @inline(__always)
    mutating func append(_ codePoint: UInt32, _ characterClass: CharacterClass, origin: Range<Int32>) {
        let start = Int32(normalized.count)
        appendUTF16(codePoint, to: &normalized)
        let end = Int32(normalized.count)
        for _ in start..<end {
            origins.starts.append(origin.lowerBound)
            origins.ends.append(origin.upperBound)
        }
        switch characterClass {
        case .han:
            closeRun()
            openPendingBreak()
            tokens.append(Token(kind: .unit, normalized: start..<end, original: origin))
        case .letterOrDigit:
            if !runOpen {
                openPendingBreak()
                runOpen = true
                runNormalizedStart = start
                runOriginalStart = origin.lowerBound
            }
            runNormalizedEnd = end
            runOriginalEnd = origin.upperBound
        case .mark:
            if runOpen {
                runNormalizedEnd = end
                runOriginalEnd = origin.upperBound
            }
        case .space:
            closeRun()
        case .breaking:
            closeRun()
            guard !tokens.isEmpty else { return }
            if breakPending {
                breakNormalized = breakNormalized.lowerBound..<end
                breakOriginal = breakOriginal.lowerBound..<origin.upperBound
            } else {
                breakPending = true
                breakNormalized = start..<end
                breakOriginal = origin
            }
        }
    }

    /// Ends the text: closes an open run and drops a trailing break.
    mutating func finish() -> [Token] {
        closeRun()
        return tokens
    }

    @inline(__always)
    private mutating func closeRun() {
        guard runOpen else { return }
        runOpen = false
        tokens.append(Token(kind: .unit, normalized: runNormalizedStart..<runNormalizedEnd,
                            original: runOriginalStart..<runOriginalEnd))
    }

    @inline(__always)
    private mutating func openPendingBreak() {
        guard breakPending else { return }
        breakPending = false
        tokens.append(Token(kind: .break, normalized: breakNormalized, original: breakOriginal))
    }
}
