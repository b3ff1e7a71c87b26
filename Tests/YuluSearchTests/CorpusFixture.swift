import Foundation
import Testing
import YuluAnalysis
import YuluIndex
import YuluSearch
import YuluTestSupport

/// An index of the provincial reports and a slice of the laws (six of their folders,
/// about 6 MB: enough for long postings with skip blocks, small enough for a debug
/// build), built once per test run, with every paragraph's units and breaks encoded
/// for a brute-force scan.
final class CorpusFixture: Sendable {
    static let lawFolders = ["刑法", "宪法", "宪法相关法", "民法典", "社会法", "经济法"]
    private static let built: Result<CorpusFixture, any Error>? = Corpus.isAvailable ? Result { try CorpusFixture() } : nil
    /// The fixture, or nil without the corpus; throws what building it threw, so that a
    /// broken build fails the tests that use it instead of stopping the whole run.
    static var shared: CorpusFixture? { get throws { try built?.get() } }

    let folder: TemporaryFolder
    let index: SearchIndex
    let oracle: PhraseOracle

    private init() throws {
        folder = try TemporaryFolder("yulu-search-corpus")
        let root = try #require(Corpus.root)
        let paths = [root.appendingPathComponent("provincial-2026").path]
            + Self.lawFolders.map { root.appendingPathComponent("laws/\($0)").path }
        _ = try IndexWriter.index(paths, into: folder.path)
        index = try SearchIndex.open(folder: folder.path)
        oracle = try PhraseOracle(index.reader)
    }
}

/// The brute-force definition of a phrase match: every live paragraph's units and
/// breaks (units interned as numbers, a break as -1, paragraphs separated by -2) in one
/// array, checked token by token wherever the phrase's first token occurs. Independent
/// of the postings, the planner and the scanner under test.
struct PhraseOracle: Sendable {
    struct Paragraph: Hashable, Sendable, CustomStringConvertible {
        let doc: String
        let para: Int
        var description: String { "\(doc)#\(para)" }
    }

    private static let breakToken: Int32 = -1
    private static let paragraphSeparator: Int32 = -2

    let paragraphs: [Paragraph]
    let texts: [String]
    private let tokens: [Int32]
    private let owner: [Int32]
    private let units: [String: Int32]
    private let occurrences: [Int32: [Int32]]

    init(_ reader: IndexReader) throws {
        let analyzer = Analyzer(simplification: reader.simplification)
        var paragraphs: [Paragraph] = [], texts: [String] = [], tokens: [Int32] = [], owner: [Int32] = []
        var units: [String: Int32] = [:]
        try reader.forEachDocument { segment, _, document in
            for (offset, text) in try reader.segments[segment].reader.paragraphs(of: document).enumerated() {
                let analysis = analyzer.analyze(text, includeWords: false)
                for token in analysis.tokens {
                    if token.kind == .unit {
                        let unit = analysis.string(of: token)
                        let id = units[unit] ?? Int32(units.count)
                        units[unit] = id
                        tokens.append(id)
                    } else {
                        tokens.append(Self.breakToken)
                    }
                    owner.append(Int32(paragraphs.count))
                }
                tokens.append(Self.paragraphSeparator)
                owner.append(Int32(paragraphs.count))
                paragraphs.append(Paragraph(doc: document.id, para: offset + 1))
                texts.append(text)
            }
        }
        var occurrences: [Int32: [Int32]] = [:]
        for (position, token) in tokens.enumerated() where token >= 0 { occurrences[token, default: []].append(Int32(position)) }
        self.paragraphs = paragraphs
        self.texts = texts
        self.tokens = tokens
        self.owner = owner
        self.units = units
        self.occurrences = occurrences
    }

    /// The paragraphs whose tokens contain `pattern` contiguously (it starts with a unit).
    func matches(_ pattern: [String?]) -> Set<Paragraph> {
        let ids = pattern.map { token in token.map { units[$0] ?? Int32.min } ?? Self.breakToken }
        guard let first = ids.first, first >= 0 else { return [] }
        var found = Set<Paragraph>()
        for start in occurrences[first] ?? [] {
            let start = Int(start)
            guard start + ids.count <= tokens.count else { continue }
            if ids.indices.allSatisfy({ tokens[start + $0] == ids[$0] }) { found.insert(paragraphs[Int(owner[start])]) }
        }
        return found
    }
}
