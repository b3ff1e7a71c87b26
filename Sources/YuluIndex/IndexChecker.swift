/// `yulu check`: verifies every checksum and every structural invariant of an index.
public enum IndexChecker {
    /// The problems found, one sentence each; empty when the index is sound.
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
        var liveIDs: [String: String] = [:]
        for entry in manifest.segments {
            let reader: SegmentReader
            do {
                reader = try SegmentReader(path: folder + "/" + Manifest.segmentFile(entry.name), name: entry.name)
            } catch {
                problems.append(error.message)
                continue
            }
            if reader.documentCount != entry.documents {
                problems.append("segment \(entry.name) holds \(reader.documentCount) documents, the manifest says \(entry.documents)")
            }
            do {
                try reader.verify()
            } catch {
                problems.append("segment \(entry.name): \(error)")
                continue
            }
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
}
