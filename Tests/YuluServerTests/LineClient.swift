import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client for line protocols, for tests: send bytes, read lines.
final class LineClient {
    private let socket: Int32
    private var buffer: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(port: Int, timeout: Double = 10) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "connect: \(errno)")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { throw Failure(description: "send: \(errno)") }
            sent += result
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Closes the sending half of the connection, as `nc -N` does at the end of its input.
    func finishSending() throws {
        guard shutdown(socket, Int32(SHUT_WR)) == 0 else { throw Failure(description: "shutdown: \(errno)") }
    }

    /// The next line without its LF, or nil at the end of the stream.
    func readLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count == 0 { return nil }
            guard count > 0 else { throw Failure(description: "recv: \(errno == EAGAIN ? "timed out" : String(errno))") }
            buffer += chunk[..<count]
        }
    }

    /// The next line parsed as a JSON object.
    func readObject() throws -> [String: Any] {
        guard let line = try readLine() else { throw Failure(description: "connection closed") }
        return try jsonObject(line)
    }

    /// Sends one line and reads the response.
    func request(_ line: String) throws -> [String: Any] {
        try send(line + "\n")
        return try readObject()
    }
}

/// The text parsed as a JSON object; throws, rather than trapping, on anything else.
func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw LineClient.Failure(description: "not a JSON object: \(text)")
    }
    return object
}
