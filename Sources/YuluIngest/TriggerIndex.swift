import YuluAnalysis

/// Finds which rules' trigger strings occur in a line, in one pass over its scalars:
/// a bitmap of the scalars that start some trigger, then a comparison of the few
/// triggers that start with that scalar. Rules without triggers are always candidates.
/// Rules are numbered by their index in the rule list; there may be at most 64.
struct TriggerIndex {
    private struct Trigger {
        let scalars: [UInt32]
        let rule: Int
    }

    private var startsTrigger = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var byFirstScalar: [UInt32: [Trigger]] = [:]
    private var alwaysCandidates: UInt64 = 0
    private var scratch: [UInt32] = []

    init(_ rules: [CleaningRule]) {
        precondition(rules.count <= 64, "TriggerIndex holds at most 64 rules")
        for (ruleIndex, rule) in rules.enumerated() {
            if rule.triggers.isEmpty { alwaysCandidates |= 1 << UInt64(ruleIndex) }
            for trigger in rule.triggers {
                let scalars = trigger.unicodeScalars.map(\.value)
                guard let first = scalars.first else { continue }
                byFirstScalar[first, default: []].append(Trigger(scalars: scalars, rule: ruleIndex))
                if first < 0x10000 { startsTrigger[Int(first) >> 6] |= 1 << UInt64(first & 63) }
            }
        }
    }

    /// The rules one of whose triggers occurs in `text` once folded scalar by scalar with
    /// `folder` (or that have none), as a bit set; and the number of scalars in `text`.
    mutating func scan(_ text: Substring, folder: ScalarFolder) -> (candidates: UInt64, length: Int) {
        scratch.removeAll(keepingCapacity: true)
        let decoded: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            UTF8Scalars.forEach(in: bytes) { scratch.append(folder.fold(scalar: $0)) }
        }
        if decoded == nil {
            for scalar in text.unicodeScalars { scratch.append(folder.fold(scalar: scalar.value)) }
        }
        var found = alwaysCandidates
        for position in scratch.indices {
            let scalar = scratch[position]
            if scalar < 0x10000 && startsTrigger[Int(scalar) >> 6] & (1 << UInt64(scalar & 63)) == 0 { continue }
            guard let triggers = byFirstScalar[scalar] else { continue }
            for trigger in triggers where found & (1 << UInt64(trigger.rule)) == 0 && matches(trigger.scalars, at: position) {
                found |= 1 << UInt64(trigger.rule)
            }
        }
        return (found, scratch.count)
    }

    private func matches(_ trigger: [UInt32], at position: Int) -> Bool {
        guard position + trigger.count <= scratch.count else { return false }
        for offset in 1..<max(1, trigger.count) where scratch[position + offset] != trigger[offset] {
            return false
        }
        return true
    }
}
