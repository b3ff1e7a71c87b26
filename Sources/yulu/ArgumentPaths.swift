import Foundation
import YuluIngest

/// Paths named on the command line, as the file system knows them. Swift reads the
/// arguments as UTF-8 and puts U+FFFD for bytes that are not, so a GB18030 file name that
/// a glob expanded (`yulu index 讲话/*.txt` over an unpacked Windows zip) names no file. Such
/// a path is matched, in order, with the raw argument it was read from.
enum ArgumentPaths {
    static func inputPaths(_ parsed: [String]) -> [InputPath] {
        let raw = (0..<Int(CommandLine.argc)).compactMap { index in
            CommandLine.unsafeArgv[index].map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
        }
        var next = 0
        return parsed.map { path in
            guard path.unicodeScalars.contains("\u{FFFD}") else { return InputPath(path) }
            while next < raw.count {
                let argument = raw[next]
                next += 1
                if String(validating: argument, as: UTF8.self) == nil && String(decoding: argument, as: UTF8.self) == path {
                    return InputPath(bytes: argument)
                }
            }
            return InputPath(path)
        }
    }
}
