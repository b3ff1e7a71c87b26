import YuluAnalysis

/// Applies the cleaning rules to the lines of a text (DESIGN, "Ingest"). Holds compiled
/// patterns and a `ScalarFolder`: one cleaner per thread.
public final class Cleaner {
    private final class CompiledRule {
        let rule: CleaningRule
        let index: Int
        let regex: Regex<AnyRegexOutput>?
        let maxLength: Int
        let minLength: Int
        let mask: UInt64

        init(rule: CleaningRule, index: Int, regex: Regex<AnyRegexOutput>?) {
            self.rule = rule
            self.index = index
            self.regex = regex
            mask = 1 << UInt64(index)
            switch rule.scope {
            case .line(let maxLength):
                self.maxLength = maxLength
                minLength = 0
            case .span(let minLength):
                maxLength = .max
                self.minLength = minLength
            }
        }
    }

    private enum Outcome {
        case blank
        case kept(String)
        case removed(advertisement: Bool)
    }

    /// What the next line means because of the line before it.
    private enum Context {
        case none
        /// The line before was a bare label: this line is its value if it has at most
        /// `maxLength` scalars and, but after a `label` rule, no sentence punctuation.
        case value(CleaningRule.Effect, rule: String, maxLength: Int)
        case widget
        /// `afterSeparator`: the line before was a separator (>, », /) on its own.
        case breadcrumb(crumbs: Int, afterSeparator: Bool)
    }

    private let spanRules: [CompiledRule]
    private let lineRules: [CompiledRule]
    /// The line rules without a pattern, which take lines without any letter or digit.
    private let symbolOnlyRules: UInt64
    private var triggers: TriggerIndex
    private let folder: ScalarFolder

    private static let widgetWords: Set<String> = ["大", "中", "小", "默认", "加大", "还原", "减小", "】", "【"]
    /// A breadcrumb's separators, as a line of their own or ending the line that opens it.
    private static let crumbSeparators: Set<String> = [">", ">>", "»", "/"]
    private let fullLengthPattern = try! Regex(#"全文共?\s*(\d+)\s*字"#)

    /// Compiles `rules`; a rule whose pattern does not compile is a programming error.
    public init(rules: [CleaningRule] = CleaningRules.all) {
        let compiled = rules.enumerated().map { index, rule in
            CompiledRule(rule: rule, index: index, regex: rule.pattern.map { pattern in
                do {
                    return try Regex(pattern).matchingSemantics(.unicodeScalar)
                } catch {
                    preconditionFailure("cleaning rule \(rule.name): bad pattern: \(error)")
                }
            })
        }
        spanRules = compiled.filter { if case .span = $0.rule.scope { true } else { false } }
        lineRules = compiled.filter { if case .line = $0.rule.scope { true } else { false } }
        symbolOnlyRules = lineRules.filter { $0.regex == nil }.reduce(0) { $0 | $1.mask }
        folder = ScalarFolder()
        triggers = TriggerIndex(rules, folder: folder)
    }

    /// The state of cleaning one text.
    private struct Pass {
        var result = CleanedText()
        var outcomes: [Outcome] = []
        var context = Context.none

        mutating func remove(_ rule: String, _ text: String, atLine index: Int, advertisement: Bool = false) {
            result.removals.append(Removal(rule: rule, line: index + 1, text: text))
            outcomes.append(.removed(advertisement: advertisement))
        }
    }

    /// A line after its notices were cut out.
    private struct CutLine {
        var text: String
        var folded: String
        var advertisement = false
    }

    /// Cleans the lines of one text, numbered from 1 in the order given.
    public func clean<S: StringProtocol>(_ rawLines: [S]) -> CleanedText {
        var pass = Pass()
        pass.outcomes.reserveCapacity(rawLines.count)
        var index = 0
        while index < rawLines.count {
            index = cleanLine(rawLines, at: index, in: &pass) + 1
        }
        removeAdvertisementBlocks(&pass.outcomes, removals: &pass.result.removals)
        pass.result.lines = pass.outcomes.enumerated().compactMap { index, outcome in
            if case .kept(let text) = outcome { return CleanLine(number: index + 1, text: text) }
            return nil
        }
        removeRepeatedTitle(&pass.result)
        pass.result.removals.sort { $0.line < $1.line }
        return pass.result
    }

    /// A scraped page often shows its title twice: in the page's header and again above
    /// the article, once the date and outline between them are gone, sometimes with the
    /// line under it (when and where the speech was given) repeated too. An exact repeat
    /// of the title line among the first 12 lines kept goes (the window in which
    /// `Metadata.title` looks for the title), with the lines after it as long as they
    /// repeat the lines after the title. Other repeated lines stay: laws list their
    /// chapters before the text, and clauses recur.
    private func removeRepeatedTitle(_ result: inout CleanedText) {
        let window = result.lines.prefix(12)
        guard let title = Metadata.title(in: result.lines), let first = window.firstIndex(where: { $0.text == title }),
              let repeated = window[(first + 1)...].firstIndex(where: { $0.text == title }) else { return }
        var end = repeated + 1
        while first + (end - repeated) < repeated, end < result.lines.count,
              result.lines[end].text == result.lines[first + (end - repeated)].text {
            end += 1
        }
        for line in result.lines[repeated..<end] {
            result.removals.append(Removal(rule: "repeated title", line: line.number, text: line.text))
        }
        result.lines.removeSubrange(repeated..<end)
    }

    /// Cleans line `index` (and, for an outline, the block it opens); returns the index
    /// of the last line it dealt with.
    private func cleanLine<S: StringProtocol>(_ rawLines: [S], at index: Int, in pass: inout Pass) -> Int {
        let line = LineText.trimmed(rawLines[index])
        if line.isEmpty {
            pass.outcomes.append(.blank)
            pass.context = .none
            return index
        }
        let length = line.scalarCount
        var candidates = triggers.scan(line, among: applicableRules(length: length))
        // Rules that take only lines without a letter or digit (they have no trigger, so
        // every short line is their candidate) pass over a line that surely has one, before
        // it is folded (two lines in five of the laws).
        if candidates & symbolOnlyRules != 0 && LineText.surelyHasLetterOrDigit(line) { candidates &= ~symbolOnlyRules }
        if candidates == 0, case .none = pass.context {
            pass.outcomes.append(.kept(String(line)))
            return index
        }
        let text = String(line)
        let folded = folder.fold(text)
        if consumedByContext(text, folded: folded, length: length, at: index, in: &pass) { return index }

        let cut = cutSpans(text, folded: folded, candidates: candidates, at: index, in: &pass)
        if cut.text.isEmpty {
            pass.outcomes.append(.removed(advertisement: cut.advertisement))
            return index
        }
        guard let (rule, match) = firstLineRule(matching: cut.folded, candidates: candidates) else {
            pass.outcomes.append(.kept(cut.text))
            return index
        }
        var advertisement = cut.advertisement
        if let match {
            apply(rule, match, folded: cut.folded, to: &pass.result, advertisement: &advertisement)
            setContext(after: rule, match, folded: cut.folded, in: &pass)
        }
        pass.remove(rule.name, cut.text, atLine: index, advertisement: advertisement)
        if rule.effects.contains(where: { if case .outline = $0 { true } else { false } }),
           let end = outlineBlockEnd(rawLines, label: cut.folded, at: index) {
            for blockIndex in (index + 1)...end {
                let blockLine = LineText.trimmed(rawLines[blockIndex])
                if blockLine.isEmpty {
                    pass.outcomes.append(.blank)
                } else {
                    pass.remove(rule.name, String(blockLine), atLine: blockIndex)
                }
            }
            return end
        }
        return index
    }

    /// Removes a line that the line before gave a meaning: a label's value, a widget's
    /// buttons, a breadcrumb's crumbs. Returns whether it did.
    private func consumedByContext(_ text: String, folded: String, length: Int, at index: Int,
                                   in pass: inout Pass) -> Bool {
        let context = pass.context
        pass.context = .none
        switch context {
        case .value(let effect, let rule, let maxLength)
            where length <= maxLength && (effect.isLabel || !LineText.hasSentencePunctuation(folded)):
            if case .date = effect, pass.result.date == nil { pass.result.date = text }
            if case .source = effect { pass.result.noteSource(folded[...], fromLabel: rule == "source label") }
            pass.remove(rule, text, atLine: index)
        case .widget where Self.widgetWords.contains(folded):
            pass.remove("font-size widget", text, atLine: index)
            pass.context = .widget
        case .breadcrumb(let crumbs, let afterSeparator)
            where crumbs < 8 && length <= (afterSeparator ? 12 : 6) && !LineText.hasSentencePunctuation(folded):
            pass.remove("breadcrumb", text, atLine: index)
            pass.context = .breadcrumb(crumbs: crumbs + 1, afterSeparator: Self.crumbSeparators.contains(folded))
        default:
            return false
        }
        return true
    }

    /// Cuts every span rule's matches out of the line, recording each.
    private func cutSpans(_ text: String, folded: String, candidates: UInt64, at index: Int,
                          in pass: inout Pass) -> CutLine {
        var cut = CutLine(text: text, folded: folded)
        for compiled in spanRules where candidates & compiled.mask != 0 {
            let matches = cut.folded.matches(of: compiled.regex!)
            guard let first = matches.first else { continue }
            let ranges = matches.map { LineText.scalarOffsets($0.range, in: cut.folded) }
            for range in ranges {
                pass.result.removals.append(Removal(rule: compiled.rule.name, line: index + 1,
                                                    text: LineText.scalarSlice(cut.text, range)))
            }
            apply(compiled.rule, first, folded: cut.folded, to: &pass.result, advertisement: &cut.advertisement)
            cut.text = String(LineText.trimmed(LineText.removing(ranges, from: cut.text)))
            cut.folded = folder.fold(cut.text)
        }
        return cut
    }

    /// The first line rule that removes the (folded) line, with its match (none for the
    /// rule that removes lines without letters or digits).
    private func firstLineRule(matching folded: String, candidates: UInt64)
        -> (CleaningRule, Regex<AnyRegexOutput>.Match?)? {
        let length = folded.scalarCount
        for compiled in lineRules where candidates & compiled.mask != 0 && length <= compiled.maxLength {
            if let regex = compiled.regex {
                if let match = try? regex.firstMatch(in: folded) { return (compiled.rule, match) }
            } else if !LineText.hasLetterOrDigit(folded) {
                return (compiled.rule, nil)
            }
        }
        return nil
    }

    /// What a removed line tells about the next: a bare label's value follows, a widget's
    /// buttons or a breadcrumb's crumbs follow. A label with its value records it.
    private func setContext(after rule: CleaningRule, _ match: Regex<AnyRegexOutput>.Match, folded: String,
                            in pass: inout Pass) {
        let captured = match.output.count > 1 ? match.output[1].substring : nil
        let hasValue = !(captured?.isEmpty ?? true)
        for effect in rule.effects {
            switch effect {
            case .date where hasValue:
                if pass.result.date == nil { pass.result.date = captured.map(String.init) }
            case .date:
                pass.context = .value(.date, rule: rule.name, maxLength: 30)
            case .source where rule.name == "source label" && !hasValue:
                pass.context = .value(.source, rule: rule.name, maxLength: 30)
            case .label(let maxLength) where !hasValue:
                pass.context = .value(effect, rule: rule.name, maxLength: maxLength)
            case .widget:
                pass.context = .widget
            case .breadcrumb where match.range.upperBound == folded.endIndex:
                pass.context = .breadcrumb(crumbs: 0, afterSeparator: folded.last.map { Self.crumbSeparators.contains(String($0)) } ?? false)
            default:
                break
            }
        }
    }

    /// The rules that can act on a line of `length` scalars, as a bit set.
    private func applicableRules(length: Int) -> UInt64 {
        var mask: UInt64 = 0
        for compiled in spanRules where length >= compiled.minLength { mask |= compiled.mask }
        for compiled in lineRules where length <= compiled.maxLength { mask |= compiled.mask }
        return mask
    }

    /// Effects that need only the match: truncation and its stated full length, a named
    /// source, advertisement.
    private func apply(_ rule: CleaningRule, _ match: Regex<AnyRegexOutput>.Match, folded: String,
                       to result: inout CleanedText, advertisement: inout Bool) {
        for effect in rule.effects {
            switch effect {
            case .source:
                if match.output.count > 1, let captured = match.output[1].substring {
                    result.noteSource(captured, fromLabel: rule.name == "source label")
                }
            case .truncated:
                result.truncated = true
                if result.fullLength == nil, let stated = try? fullLengthPattern.firstMatch(in: folded),
                   let digits = stated.output[1].substring {
                    result.fullLength = Int(digits)
                }
            case .advertisement:
                advertisement = true
            default:
                break
            }
        }
    }

    /// For an outline label with nothing after it (目录/提纲:……), the index of the line
    /// that closes the block (a line of symbols only, such as ……), provided at least 40%
    /// of the block's lines recur later in the text as headings (not all need to: the
    /// site's own cuts remove some); otherwise nil.
    private func outlineBlockEnd<S: StringProtocol>(_ lines: [S], label: String, at start: Int) -> Int? {
        guard let labelEnd = label.firstIndex(where: { $0 == ":" || $0 == "】" }) ?? label.firstIndex(of: "纲"),
              !LineText.hasLetterOrDigit(label[label.index(after: labelEnd)...]) else { return nil }
        let limit = min(lines.count, start + 120)
        guard let end = (start + 1..<limit).first(where: { index in
            let line = LineText.trimmed(lines[index])
            return !line.isEmpty && !LineText.hasLetterOrDigit(folder.fold(line))
        }) else { return nil }
        let block = (start + 1..<end).map { folder.fold(LineText.trimmed(lines[$0])) }.filter { !$0.isEmpty }
        guard !block.isEmpty else { return nil }
        let later = lines[(end + 1)...].map { folder.fold($0) }.joined(separator: "\n")
        let recurring = block.filter { later.contains($0) }.count
        return recurring * 10 >= block.count * 4 ? end : nil
    }

    /// A kept short line without sentence punctuation that stands between advertisement
    /// lines in the same block of consecutive lines is part of that advertisement.
    private func removeAdvertisementBlocks(_ outcomes: inout [Outcome], removals: inout [Removal]) {
        var blockStart = 0
        while blockStart < outcomes.count {
            if case .blank = outcomes[blockStart] {
                blockStart += 1
                continue
            }
            var blockEnd = blockStart
            while blockEnd < outcomes.count, !isBlank(outcomes[blockEnd]) { blockEnd += 1 }
            let adLines = (blockStart..<blockEnd).filter { if case .removed(true) = outcomes[$0] { true } else { false } }
            if let firstAd = adLines.first, let lastAd = adLines.last, firstAd < lastAd {
                for index in firstAd..<lastAd {
                    guard case .kept(let text) = outcomes[index], text.unicodeScalars.count <= 30,
                          !LineText.hasSentencePunctuation(folder.fold(text)) else { continue }
                    outcomes[index] = .removed(advertisement: true)
                    removals.append(Removal(rule: "advertisement block", line: index + 1, text: text))
                }
            }
            blockStart = blockEnd
        }
    }

    private func isBlank(_ outcome: Outcome) -> Bool {
        if case .blank = outcome { return true }
        return false
    }
}

private extension CleaningRule.Effect {
    var isLabel: Bool { if case .label = self { true } else { false } }
}
