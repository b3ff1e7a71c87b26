import YuluAnalysis

/// Finds which of some rules' trigger strings occur in a line once folded
/// (`ScalarFolder`), in one pass over its UTF-8 bytes: a table gives, for each scalar, the
/// triggers that its folding starts (usually none), which are compared, folding as it
/// goes, when their rules are among those asked about. Only those scalars are folded:
/// folding every scalar of every line and looking for every rule's triggers took almost
/// a third of the instructions of ingesting the laws. Rules without triggers are always candidates.
/// Rules are numbered by their index in the rule list; there may be at most 64.
struct TriggerIndex {
    private struct Trigger {
        let scalars: [UInt32]
        let rule: Int
    }

    private let folder: ScalarFolder
    /// For each scalar of the Basic Multilingual Plane, 1 + the index in `triggerLists`
    /// of the triggers its folding starts; 0 until the scalar is first met (folding all
    /// of them up front would cost ICU calls for 65,536 scalars).
    private var listOfScalar = [UInt8](repeating: 0, count: 0x10000)
    /// The index in `triggerLists` of the triggers starting with each folded scalar.
    private let listOfFirst: [UInt32: Int]
    /// The triggers starting with one folded scalar; the first list is empty.
    private let triggerLists: [[Trigger]]
    /// The rules of each list's triggers, as a bit set.
    private let rulesOfList: [UInt64]
    private let alwaysCandidates: UInt64

    init(_ rules: [CleaningRule], folder: ScalarFolder) {
        precondition(rules.count <= 64, "TriggerIndex holds at most 64 rules")
        var byFirstScalar: [UInt32: [Trigger]] = [:]
        var alwaysCandidates: UInt64 = 0
        for (ruleIndex, rule) in rules.enumerated() {
            if rule.triggers.isEmpty { alwaysCandidates |= 1 << UInt64(ruleIndex) }
            for trigger in rule.triggers {
                let scalars = trigger.unicodeScalars.map(\.value)
                guard let first = scalars.first else { continue }
                byFirstScalar[first, default: []].append(Trigger(scalars: scalars, rule: ruleIndex))
            }
        }
        let firsts = byFirstScalar.keys.sorted()
        precondition(firsts.count < 255, "TriggerIndex holds triggers with at most 254 first scalars")
        self.folder = folder
        listOfFirst = Dictionary(uniqueKeysWithValues: firsts.enumerated().map { ($1, $0 + 1) })
        triggerLists = [[]] + firsts.map { byFirstScalar[$0]! }
        rulesOfList = triggerLists.map { $0.reduce(0) { $0 | 1 << UInt64($1.rule) } }
        self.alwaysCandidates = alwaysCandidates
    }

    /// Of the rules in `rules`, those one of whose triggers occurs in `text` once folded
    /// scalar by scalar, or that have none, as a bit set.
    mutating func scan(_ text: Substring, among rules: UInt64) -> UInt64 {
        let (folder, listOfFirst, triggerLists, rulesOfList) = (folder, listOfFirst, triggerLists, rulesOfList)
        var found = alwaysCandidates & rules
        let scanned: Void? = listOfScalar.withUnsafeMutableBufferPointer { listOfScalar in
            text.utf8.withContiguousStorageIfAvailable { bytes in
                var index = 0
                while index < bytes.count {
                    let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                    index += width
                    let list: Int
                    if scalar >= 0x10000 {
                        list = listOfFirst[folder.fold(scalar: scalar)] ?? 0
                    } else {
                        let known = listOfScalar[Int(scalar)]
                        if known == 1 { continue }
                        list = known != 0 ? Int(known) - 1 : listOfFirst[folder.fold(scalar: scalar)] ?? 0
                        listOfScalar[Int(scalar)] = UInt8(list + 1)
                    }
                    guard list != 0, rulesOfList[list] & rules & ~found != 0 else { continue }
                    for trigger in triggerLists[list] where rules & ~found & (1 << UInt64(trigger.rule)) != 0
                        && Self.matches(trigger.scalars, in: bytes, at: index, folder: folder) {
                        found |= 1 << UInt64(trigger.rule)
                    }
                }
            }
        }
        return scanned == nil ? scan(Substring(String(text)), among: rules) : found
    }

    /// Whether the scalars from byte `index` on, folded, are `trigger`'s after its first.
    private static func matches(_ trigger: [UInt32], in bytes: UnsafeBufferPointer<UInt8>, at index: Int,
                                folder: ScalarFolder) -> Bool {
        var index = index
        for expected in trigger.dropFirst() {
            guard index < bytes.count else { return false }
            let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
            guard folder.fold(scalar: scalar) == expected else { return false }
            index += width
        }
        return true
    }
}
