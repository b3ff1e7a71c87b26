import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import YuluIndex
import YuluSearch

/// The index the server answers from. A newer generation committed by `yulu index`
/// replaces it for new requests; requests already running keep the snapshot they took,
/// and its segments stay mapped until the last of them lets go.
final class IndexHolder: Sendable {
    let folder: String
    private let current: NIOLockedValueBox<SearchIndex>

    init(folder: String) throws(IndexError) {
        self.folder = folder
        current = NIOLockedValueBox(try SearchIndex.open(folder: folder))
    }

    func snapshot() -> SearchIndex { current.withLockedValue { $0 } }

    /// Opens the index again when its manifest names a newer generation.
    func reloadIfNewer(logger: Logger) {
        do {
            guard let generation = try IndexReader.currentGeneration(folder: folder),
                  generation != snapshot().reader.generation else { return }
            let index = try SearchIndex.open(folder: folder)
            current.withLockedValue { $0 = index }
            logger.notice("serving generation \(index.reader.generation)", metadata: ["paragraphs": "\(index.paragraphCount)"])
        } catch {
            logger.warning("index reload failed; still serving the previous generation: \(error)")
        }
    }
}

/// A searcher for one pool thread, bound to the snapshot it was made for. Only the
/// thread that owns it (through a thread-specific variable) ever touches it.
private final class SearcherBox: @unchecked Sendable {
    let searcher: Searcher
    init(_ index: SearchIndex) { searcher = Searcher(index: index) }
}

/// Runs requests that touch the index on a fixed pool of threads, off the event loops,
/// each thread with its own searcher (ICU objects are not thread-safe).
final class SearchService: Sendable {
    let holder: IndexHolder
    let pool: NIOThreadPool
    private let searchers = ThreadSpecificVariable<SearcherBox>()

    init(holder: IndexHolder, threads: Int) {
        self.holder = holder
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Computes the JSON answer to a command that reads the index (search, count, facet,
    /// show, stats) on a pool thread and hands it to `deliver` there; a pool shutting
    /// down delivers an error instead.
    func answer(_ command: ServerRequest.Command, deliver: @escaping @Sendable (JSONValue) -> Void) {
        pool.submit { [self] state in
            guard state == .active else {
                return deliver(ProtocolError(code: "shutting_down", message: "the server is shutting down").json)
            }
            deliver(answer(command))
        }
    }

    private func answer(_ command: ServerRequest.Command) -> JSONValue {
        let index = holder.snapshot()
        do throws(SearchError) {
            switch command {
            case .search(let request): return try searcher(for: index).search(request).json()
            case .similar(let request): return try searcher(for: index).similar(request).json()
            case .show(let id, let para): return try IndexViews.show(index.reader, id: id, para: para).json
            case .stats: return try IndexViews.stats(index.reader)
            default: return ProtocolError.badRequest("not an index command").json
            }
        } catch {
            return error.json()
        }
    }

    private func searcher(for index: SearchIndex) -> Searcher {
        if let box = searchers.currentValue, box.searcher.index === index { return box.searcher }
        let box = SearcherBox(index)
        searchers.currentValue = box
        return box.searcher
    }

    func shutdown() async throws { try await pool.shutdownGracefully() }

    /// Stops the pool's threads once their queries are done, without waiting for them.
    func stopWithoutWaiting() { pool.shutdownGracefully { _ in } }
}

extension ProtocolError {
    /// The error response.
    var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let id { members.append(("id", id)) }
        members += [("ok", .bool(false)), ("error", .object([("code", .string(code)), ("message", .string(message))]))]
        return .object(members)
    }
}

extension JSONValue {
    /// The response with the request's `id` first, when it had one.
    func echoing(_ id: JSONValue?) -> JSONValue {
        guard let id, case .object(let members) = self else { return self }
        return .object([("id", id)] + members.filter { $0.0 != "id" })
    }
}
