/// Cuts a cleaned line into paragraphs (DESIGN, "Paragraphs"): a line of at most 500
/// Unicode scalars is one paragraph; a longer one is cut into passages at sentence ends
/// (after 。！？；!?;), adding sentences to the current passage while it stays within
/// 500 and starting a new passage with a sentence that would pass 500. A single
/// sentence longer than 500 stays whole. The passages, joined, give the line back.
public enum ParagraphSplitter {
    /// The most Unicode scalars a paragraph holds unless one sentence is longer.
    public static let maxLength = 500

    static let sentenceEnds: Set<Unicode.Scalar> = ["。", "！", "？", "；", "!", "?", ";"]

    /// The paragraphs of one trimmed, non-empty line (cut by index, not rebuilt scalar
    /// by scalar).
    public static func paragraphs(of line: String) -> [String] {
        guard line.scalarCount > maxLength else { return [line] }
        let scalars = line.unicodeScalars
        var passages: [String] = []
        var passageStart = scalars.startIndex
        var passageLength = 0
        var sentenceStart = scalars.startIndex
        var sentenceLength = 0

        /// Adds the sentence that ends before `end` to the passage, first closing the
        /// passage when the sentence would take it past the limit.
        func addSentence(endingBefore end: String.Index) {
            if passageLength > 0 && passageLength + sentenceLength > maxLength {
                passages.append(String(scalars[passageStart..<sentenceStart]))
                passageStart = sentenceStart
                passageLength = 0
            }
            passageLength += sentenceLength
            sentenceStart = end
            sentenceLength = 0
        }

        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            scalars.formIndex(after: &index)
            sentenceLength += 1
            if sentenceEnds.contains(scalar) { addSentence(endingBefore: index) }
        }
        if sentenceLength > 0 { addSentence(endingBefore: scalars.endIndex) }
        passages.append(String(scalars[passageStart...]))
        return passages
    }
}
