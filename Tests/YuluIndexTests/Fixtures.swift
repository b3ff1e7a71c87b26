import Foundation
import Testing
import YuluTestSupport
@testable import YuluIndex

/// Every term's postings read back from an index: term bytes → segment-independent
/// (document id, paragraph number within the document, positions or frequency).
struct PostingsSnapshot: Equatable {
    var entries: [[UInt8]: Set<String>] = [:]

    static func of(_ reader: IndexReader) throws -> PostingsSnapshot {
        var snapshot = PostingsSnapshot()
        for segment in reader.segments {
            let segmentReader = segment.reader
            var documentOfParagraph: [Int: (id: String, first: Int, live: Bool)] = [:]
            for number in 0..<segmentReader.documentCount {
                let document = try segmentReader.document(number)
                for paragraph in document.firstParagraph..<(document.firstParagraph + document.paragraphCount) {
                    documentOfParagraph[paragraph] = (document.id, document.firstParagraph, segment.isLive(number))
                }
            }
            try segmentReader.terms.forEach { term, info throws(FormatError) in
                var cursor = try segmentReader.postings(info, kind: TermKind(rawValue: term[0])!)
                while let posting = try cursor.next() {
                    let owner = documentOfParagraph[posting.paragraph]!
                    guard owner.live else { continue }
                    let detail = posting.positions.isEmpty ? "tf\(posting.frequency)" : posting.positions.map(String.init).joined(separator: ",")
                    snapshot.entries[term, default: []].insert("\(owner.id)#\(posting.paragraph - owner.first + 1):\(detail)")
                }
            }
        }
        return snapshot
    }
}
