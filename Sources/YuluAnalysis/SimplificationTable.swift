import CICUShim

/// The per-code-point traditional → simplified table (DESIGN, "What a term is").
///
/// Built once per process from ICU itself: every code point in the source set of
/// ICU's `Traditional-Simplified` transliterator that, transliterated alone, becomes
/// a different single code point. 著 藉 瞭 俱 are left alone because simplified text
/// uses them in their own right. The transliterator is used only here, never over
/// whole texts: its context rules would rewrite simplified text too.
public struct SimplificationTable: Sendable {
    /// Code points that simplified text uses in their own right, never mapped.
    public static let keptAsIs: Set<UInt32> = [0x8457, 0x85C9, 0x77AD, 0x4FF1] // 著 藉 瞭 俱

    /// The table of this process, built on first use (about 30 ms, mostly ICU compiling its rules).
    public static let shared = SimplificationTable()

    /// Traditional code point → simplified code point.
    public let mapping: [UInt32: UInt32]

    /// A table as stored elsewhere (an index keeps the table its documents were read with).
    public init(mapping: [UInt32: UInt32]) {
        self.mapping = mapping
    }

    /// Builds the table from ICU. An ICU without the transliterator gives an empty table.
    init() {
        let capacity = 16_384
        var from = [UInt32](repeating: 0, count: capacity)
        var to = [UInt32](repeating: 0, count: capacity)
        var status: Int32 = 0
        let count = Int(yicu_traditional_to_simplified(&from, &to, Int32(capacity), &status))
        var table: [UInt32: UInt32] = [:]
        for index in 0..<count where !Self.keptAsIs.contains(from[index]) {
            table[from[index]] = to[index]
        }
        mapping = Self.resolvingChains(table)
    }

    /// Follows chains (a → b → c) to their end, so that mapping twice equals mapping once.
    /// ICU's table also holds cycles (苎 → 苧 → 苎): every member of a cycle maps to the
    /// cycle's smallest code point, which itself stays as it is.
    static func resolvingChains(_ table: [UInt32: UInt32]) -> [UInt32: UInt32] {
        var resolved: [UInt32: UInt32] = [:]
        for (source, firstTarget) in table {
            var path: [UInt32] = [source]
            var current = firstTarget
            while let next = table[current], !path.contains(current) {
                path.append(current)
                current = next
            }
            if let cycleStart = path.firstIndex(of: current) {
                current = path[cycleStart...].min()!
            }
            if current != source { resolved[source] = current }
        }
        return resolved
    }

    /// The simplified form of `codePoint`, or the code point itself.
    @inlinable
    public func simplified(_ codePoint: UInt32) -> UInt32 {
        mapping[codePoint] ?? codePoint
    }
}
