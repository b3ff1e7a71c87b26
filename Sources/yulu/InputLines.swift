import Foundation

/// The lines of a stream as they arrive, numbered from 1: each as text, or nil where its
/// bytes are not UTF-8 (the line is reported, not repaired into U+FFFD).
struct InputLines {
    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var number = 0
    private var ended = false

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next() -> (number: Int, line: String?)? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                defer { pending.removeSubrange(...newline) }
                return line(pending[..<newline])
            }
            if ended {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return line(pending[...])
            }
            let chunk = handle.availableData
            if chunk.isEmpty { ended = true } else { pending += chunk }
        }
    }

    private mutating func line(_ bytes: ArraySlice<UInt8>) -> (number: Int, line: String?) {
        number += 1
        let content = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
        return (number, String(validating: content, as: UTF8.self))
    }
}
