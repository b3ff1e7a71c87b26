import Dispatch
import Synchronization

/// `yulu check`: verifies every checksum and every structural invariant of an index.
public enum IndexChecker {
    /// The problems found, one sentence each, in manifest order; empty when the index is
    /// sound. Segments are verified in parallel, each on its own.
    public static func problems(in folder: String) -> [String] {
        let manifest: Manifest
        do {
            guard let read = try Manifest.read(folder: folder) else { return ["no index at \(folder)"] }
            manifest = read
        } catch {
            return [error.message]
        }
        var problems: [String] = []
        do {
            _ = try StoredTable.read(folder: folder)
        } catch {
            problems.append(error.message)
        }
        let segments = manifest.segments
        let checked = Mutex([SegmentCheck?](repeating: nil, count: segments.count))
        DispatchQueue.concurrentPerform(iterations: segments.count) { index in
            let result = check(segments[index].name, documents: segments[index].documents, in: folder)
            checked.withLock { $0[index] = result }
        }
        var liveIDs: [String: String] = [:]
        for (entry, result) in zip(segments, checked.withLock { $0 }) {
            guard let result else { continue }
            problems += result.problems
            guard let reader = result.verified else { continue }
            var tombstones: Tombstones?
            if let file = entry.tombstones {
                do {
                    tombstones = try Tombstones.read(path: folder + "/" + file, documentCount: reader.documentCount)
                } catch {
                    problems.append(error.message)
                }
            }
            for number in 0..<reader.documentCount where !(tombstones?.contains(number) ?? false) {
                guard let id = try? reader.documentID(number) else { continue }
                if let other = liveIDs[id] {
                    problems.append("document \(id) is live in both \(other) and \(entry.name)")
                }
                liveIDs[id] = entry.name
            }
        }
        return problems
    }

    /// One segment's problems, and its reader when it verified (its documents are then
    /// checked against the other segments').
    private struct SegmentCheck: Sendable {
        var verified: SegmentReader?
        var problems: [String] = []
    }

    private static func check(_ name: String, documents: Int, in folder: String) -> SegmentCheck {
        var result = SegmentCheck()
        let reader: SegmentReader
        do {
            reader = try SegmentReader(path: folder + "/" + Manifest.segmentFile(name), name: name)
        } catch {
            result.problems.append(error.message)
            return result
        }
        if reader.documentCount != documents {
            result.problems.append("segment \(name) holds \(reader.documentCount) documents, the manifest says \(documents)")
        }
        do {
            try reader.verify()
        } catch {
            result.problems.append("segment \(name): \(error)")
            return result
        }
        result.verified = reader
        return result
    }
}
