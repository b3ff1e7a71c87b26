/// Cuts a cleaned line into paragraphs (DESIGN, "Paragraphs"): a line of at most 500
/// Unicode scalars is one paragraph; a longer one is cut into passages at sentence ends
/// (after 。！？；!?;), adding sentences to the current passage while it stays within
/// 500 and starting a new passage with a sentence that would pass 500. A single
/// sentence longer than 500 stays whole. The passages, joined, give the line back.
public enum ParagraphSplitter {
    /// The most Unicode scalars a paragraph holds unless one sentence is longer.
    public static let maxLength = 500

    static let sentenceEnds: Set<Unicode.Scalar> = ["。", "！", "？", "；", "!", "?", ";"]

    /// The paragraphs of one trimmed, non-empty line.
    public static func paragraphs(of line: String) -> [String] {
        guard line.scalarCount > maxLength else { return [line] }
        let scalars = line.unicodeScalars
        var passages: [String] = []
        var passage = String.UnicodeScalarView()
        var passageLength = 0
        var sentence = String.UnicodeScalarView()
        var sentenceLength = 0

        func addSentence() {
            if passageLength > 0 && passageLength + sentenceLength > maxLength {
                passages.append(String(passage))
                passage = String.UnicodeScalarView()
                passageLength = 0
            }
            passage.append(contentsOf: sentence)
            passageLength += sentenceLength
            sentence = String.UnicodeScalarView()
            sentenceLength = 0
        }

        for scalar in scalars {
            sentence.append(scalar)
            sentenceLength += 1
            if sentenceEnds.contains(scalar) { addSentence() }
        }
        if sentenceLength > 0 { addSentence() }
        if passageLength > 0 { passages.append(String(passage)) }
        return passages
    }
}
