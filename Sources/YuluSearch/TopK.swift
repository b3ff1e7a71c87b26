/// The best `capacity` elements of a stream, kept in a binary heap whose root is the
/// worst of them, so each new element costs O(log k) and most cost one comparison.
struct TopK<Element> {
    let capacity: Int
    /// Whether the first element ranks before the second.
    private let ranksBefore: (Element, Element) -> Bool
    private var heap: [Element] = []

    init(capacity: Int, ranksBefore: @escaping (Element, Element) -> Bool) {
        self.capacity = capacity
        self.ranksBefore = ranksBefore
        heap.reserveCapacity(min(capacity, 1 << 16))
    }

    mutating func insert(_ element: Element) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(element)
            siftUp(heap.count - 1)
        } else if ranksBefore(element, heap[0]) {
            heap[0] = element
            siftDown(0)
        }
    }

    /// The worst element kept once the heap is full (a new element must rank before it).
    var worst: Element? { heap.count == capacity ? heap.first : nil }

    /// The kept elements, best first.
    func sorted() -> [Element] { heap.sorted(by: ranksBefore) }

    /// In the heap, a parent ranks after its children (the root is the worst kept).
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            for child in (2 * parent + 1)...(2 * parent + 2) where child < heap.count && ranksBefore(heap[worst], heap[child]) {
                worst = child
            }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
