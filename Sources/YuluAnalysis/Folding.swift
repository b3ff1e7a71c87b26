import CICUShim

/// Normalisation of single code points and of NFKC chunks: NFKC with case folding
/// (ICU's `nfkc_cf`), then the traditional → simplified table.
///
/// Text is normalised chunk by chunk, a chunk running from one NFKC boundary
/// (`unorm2_hasBoundaryBefore`) to the next, so a phrase normalises the same alone as
/// inside any sentence. Almost every chunk is one code point; for those a per-instance
/// memo over the BMP answers with one table load. Not thread-safe: one per analyser.
final class Folding {
    /// What the memo knows of one BMP code point, packed into 32 bits.
    struct Entry {
        let bits: UInt32
        static let computedFlag: UInt32 = 1 << 24
        static let singleFlag: UInt32 = 1 << 25
        static let boundaryFlag: UInt32 = 1 << 26

        /// Whether a chunk boundary precedes this code point.
        var hasBoundaryBefore: Bool { bits & Self.boundaryFlag != 0 }
        /// Whether the code point alone folds to exactly one code point (`folded`).
        var isSingle: Bool { bits & Self.singleFlag != 0 }
        /// The folded code point, when `isSingle`.
        var folded: UInt32 { bits & 0x1F_FFFF }
        /// The class of the folded code point, when `isSingle`.
        var characterClass: CharacterClass { CharacterClass(rawValue: UInt8((bits >> 27) & 0x7))! }
    }

    private let normalizer: UnsafeRawPointer
    private let simplification: SimplificationTable
    /// One entry per BMP code point, 0 until first seen. A raw buffer, so the hot path
    /// pays neither copy-on-write nor exclusivity checks.
    private let memo: UnsafeMutablePointer<UInt32>
    private var source: [UInt16] = []
    private var target: [UInt16] = []

    init(simplification: SimplificationTable = .shared) {
        var status: Int32 = 0
        guard let instance = yicu_nfkc_casefold(&status), status <= 0 else {
            fatalError("ICU's nfkc_cf normaliser is missing: \(String(cString: yicu_error_name(status)))")
        }
        normalizer = instance
        self.simplification = simplification
        memo = .allocate(capacity: 0x10000)
        memo.initialize(repeating: 0, count: 0x10000)
    }

    deinit { memo.deallocate() }

    /// What is known of `codePoint` alone (computed on first sight for the BMP).
    @inline(__always)
    func entry(_ codePoint: UInt32) -> Entry {
        if codePoint < 0x10000 {
            let bits = memo[Int(codePoint)]
            if bits != 0 { return Entry(bits: bits) }
            let computed = compute(codePoint)
            memo[Int(codePoint)] = computed.bits
            return computed
        }
        return compute(codePoint)
    }

    private func compute(_ codePoint: UInt32) -> Entry {
        var bits = Entry.computedFlag
        if yicu_has_boundary_before(normalizer, codePoint) != 0 {
            bits |= Entry.boundaryFlag
        }
        source.removeAll(keepingCapacity: true)
        appendUTF16(codePoint, to: &source)
        let output = normalize(source)
        if output.count == 1 {
            let folded = simplification.simplified(output[0])
            bits |= Entry.singleFlag | folded | (UInt32(CharacterClass.of(folded).rawValue) << 27)
        }
        return Entry(bits: bits)
    }

    /// Folds a chunk of several code points (or one that does not fold to one):
    /// NFKC-casefold the whole chunk, then simplify each resulting code point.
    func foldChunk(_ codePoints: [UInt32]) -> [UInt32] {
        source.removeAll(keepingCapacity: true)
        for codePoint in codePoints { appendUTF16(codePoint, to: &source) }
        return normalize(source).map { simplification.simplified($0) }
    }

    private func normalize(_ utf16: [UInt16]) -> [UInt32] {
        var capacity = max(16, utf16.count * 4)
        while true {
            if target.count < capacity { target = [UInt16](repeating: 0, count: capacity) }
            var status: Int32 = 0
            let length = yicu_normalize(normalizer, utf16, Int32(utf16.count), &target, Int32(target.count), &status)
            if status == ICUStatus.bufferOverflow {
                capacity = Int(length) + 1
                continue
            }
            guard status <= 0 else { return [] }
            var scalars: [UInt32] = []
            _ = transcode(target[0..<Int(length)].makeIterator(), from: UTF16.self, to: UTF32.self, stoppingOnError: false) {
                scalars.append($0)
            }
            return scalars
        }
    }
}

/// Appends the UTF-16 code units of `codePoint`.
@inline(__always)
func appendUTF16(_ codePoint: UInt32, to buffer: inout [UInt16]) {
    if codePoint < 0x10000 {
        buffer.append(UInt16(truncatingIfNeeded: codePoint))
    } else {
        let offset = codePoint - 0x10000
        buffer.append(UInt16(truncatingIfNeeded: 0xD800 + (offset >> 10)))
        buffer.append(UInt16(truncatingIfNeeded: 0xDC00 + (offset & 0x3FF)))
    }
}

/// ICU status codes that callers act on.
enum ICUStatus {
    /// U_BUFFER_OVERFLOW_ERROR: the output needs a larger buffer.
    static let bufferOverflow: Int32 = 15
}
