import Dispatch
import Synchronization
import YuluAnalysis

/// Aligns candidate pairs on several threads, each with its own analyser and a bounded
/// cache of analysed paragraphs.
final class PairVerifier: @unchecked Sendable {
    let index: SearchIndex
    let paragraphs: [IndexedParagraph]
    let request: ReuseRequest
    private let workers: [Worker]

    /// One thread's analyser and cache; used by that thread only.
    final class Worker {
        let analyzer: Analyzer
        var cache: [Int: AlignedText] = [:]
        init(_ index: SearchIndex) { analyzer = Analyzer(simplification: index.reader.simplification) }
    }

    init(index: SearchIndex, paragraphs: [IndexedParagraph], request: ReuseRequest) {
        self.index = index
        self.paragraphs = paragraphs
        self.request = request
        workers = (0..<max(1, request.threads)).map { _ in Worker(index) }
    }

    /// For each pair, what the two share when it is reuse (else nil).
    func verify(_ pairs: [(Int, Int)]) -> [SharedPassages?] {
        let results = Mutex([SharedPassages?](repeating: nil, count: pairs.count))
        DispatchQueue.concurrentPerform(iterations: workers.count) { slot in
            let worker = workers[slot]
            var local: [(Int, SharedPassages)] = []
            for index in stride(from: slot, to: pairs.count, by: workers.count) {
                let (p, q) = pairs[index]
                guard let a = text(p, worker), let b = text(q, worker),
                      a.units.count >= request.minimumLength, b.units.count >= request.minimumLength,
                      a.mayShare(request.minimumSimilarity, with: b) else { continue }
                let shared = SharedPassages(a, b)
                if shared.similarity >= request.minimumSimilarity { local.append((index, shared)) }
            }
            results.withLock { all in for (index, shared) in local { all[index] = shared } }
        }
        return results.withLock { $0 }
    }

    /// Two paragraphs with the same text: what they share, if long enough to count.
    func identical(_ p: Int, _ q: Int) -> SharedPassages? {
        guard let text = text(p, workers[0]), text.units.count >= request.minimumLength else { return nil }
        return SharedPassages(text, text)
    }

    private func text(_ number: Int, _ worker: Worker) -> AlignedText? {
        if let cached = worker.cache[number] { return cached }
        let paragraph = paragraphs[number]
        guard let text = try? index.catalogs[paragraph.segment].reader.paragraphText(Int(paragraph.paragraph)) else { return nil }
        if worker.cache.count >= 50_000 { worker.cache.removeAll(keepingCapacity: true) }
        let aligned = AlignedText(text, analyzer: worker.analyzer)
        worker.cache[number] = aligned
        return aligned
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map(Int32.init)
        size = Array(repeating: 1, count: count)
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while Int(parent[current]) != current {
            parent[current] = parent[Int(parent[current])]
            current = Int(parent[current])
        }
        return current
    }

    mutating func size(of element: Int) -> Int { Int(size[find(element)]) }

    mutating func union(_ a: Int, _ b: Int) {
        var (x, y) = (find(a), find(b))
        guard x != y else { return }
        if size[x] < size[y] { swap(&x, &y) }
        parent[y] = Int32(x)
        size[x] += size[y]
    }
}
