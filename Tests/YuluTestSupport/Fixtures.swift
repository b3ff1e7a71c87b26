import Foundation
import Testing

/// A temporary folder removed when the test is done.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init(_ label: String = "yulu") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `records` as a JSON Lines corpus file `name` (one object a line, keys
    /// sorted) and returns its path.
    public func writeJSONLines(_ name: String, _ records: [[String: Any]]) throws -> String {
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try lines.joined(separator: "\n").write(toFile: file(name), atomically: true, encoding: .utf8)
        return file(name)
    }
}

/// The `yulu` executable built beside the test bundle (`swift test` builds it).
public enum YuluBinary {
    public static let path: String? = {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("yulu").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts `yulu` with `arguments`, its output discarded.
    public static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "the yulu executable is built with the tests"))
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `yulu` with `arguments` to the end: its exit status, standard output and error.
    /// `input` (a few lines) is its standard input when given.
    public static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "the yulu executable is built with the tests"))
        process.arguments = arguments
        let output = Pipe(), error = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        if input != nil { process.standardInput = standardInput }
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(input)
            try standardInput.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
