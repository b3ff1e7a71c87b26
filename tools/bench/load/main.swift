// yulu-load: a load generator for the line protocol (tools/bench/server).
//
//   yulu-load PORT QUERYFILE CONNECTIONS SECONDS [WINDOW | @RATE]
//
// Opens CONNECTIONS connections to 127.0.0.1:PORT and sends the lines of QUERYFILE (one
// request per line, cycled) for SECONDS. Connection i starts i/CONNECTIONS of the way
// into the file, so the connections send different parts of the mix at any moment
// (started together, each query would arrive once per connection within a few
// milliseconds, its slow ones in bursts that no real set of clients sends). With WINDOW
// (default 32), each connection keeps that many requests in flight (closed loop: the
// most the server can answer). With @RATE, the connections together send RATE requests
// a second on a fixed schedule (open loop), and latency is measured from each request's
// scheduled time, so a stall shows in the figures instead of slowing the load. Each
// connection has a writer and a reader thread. Prints one line: responses, errors,
// requests/s, latency p50/p99/p99.9 in ms.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    let port: UInt16
    let lines: [[UInt8]]
    let connections: Int
    let seconds: Double
    let window: Int
    let rate: Double?
}

func parseOptions() -> Options {
    let arguments = CommandLine.arguments
    guard arguments.count >= 5, let port = UInt16(arguments[1]), let connections = Int(arguments[3]), let seconds = Double(arguments[4]),
          let text = try? String(contentsOfFile: arguments[2], encoding: .utf8) else {
        FileHandle.standardError.write(Data("usage: yulu-load PORT QUERYFILE CONNECTIONS SECONDS [WINDOW | @RATE]\n".utf8))
        exit(2)
    }
    let lines = text.split(separator: "\n").map { Array($0.utf8) + [10] }
    let last = arguments.count > 5 ? arguments[5] : "32"
    let rate = last.hasPrefix("@") ? Double(last.dropFirst()) : nil
    return Options(port: port, lines: lines, connections: connections, seconds: seconds, window: rate == nil ? Int(last) ?? 32 : 1 << 20,
                   rate: rate)
}

func connectSocket(port: UInt16) -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(port.bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else {
        FileHandle.standardError.write(Data("yulu-load: cannot connect to port \(port)\n".utf8))
        exit(1)
    }
    var one: Int32 = 1
    setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    return descriptor
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func sleep(until moment: Double) {
    let wait = moment - now()
    guard wait > 0 else { return }
    var time = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - wait.rounded(.down)) * 1e9))
    nanosleep(&time, nil)
}

/// One connection: the writer sends on schedule or as the window allows; the reader
/// matches responses to send times in order.
final class Connection: @unchecked Sendable {
    let socket: Int32
    let window: DispatchSemaphore
    let sendTimes = Mutex<(times: [Double], head: Int)>(([], 0))
    let finished = Mutex(false)
    var sent = 0
    var latencies: [Double] = []
    var errors = 0

    init(port: UInt16, window: Int) {
        socket = connectSocket(port: port)
        self.window = DispatchSemaphore(value: window)
    }

    func write(_ options: Options, index: Int, start: Double, end: Double) {
        let interval = options.rate.map { Double(options.connections) / $0 } ?? 0
        var next = start + interval * Double(index) / Double(options.connections)
        var line = index * options.lines.count / options.connections
        while true {
            if options.rate != nil {
                guard next < end else { break }
                sleep(until: next)
            } else {
                window.wait()
                guard now() < end else { break }
            }
            let bytes = options.lines[line % options.lines.count]
            line += 1
            let stamp = options.rate != nil ? next : now()
            sendTimes.withLock { $0.times.append(stamp) }
            let result = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result == bytes.count else { break }
            sent += 1
            next += interval
        }
        finished.withLock { $0 = true }
    }

    func read() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var pending: [UInt8] = []
        var received = 0
        var lastArrival = now()
        while true {
            let done = finished.withLock { $0 }
            let outstanding = sendTimes.withLock { $0.times.count - $0.head }
            if done && outstanding == 0 { break }
            // Wait for data a little at a time: the writer may finish while this thread
            // waits, and a blocking recv would then wait for the server's idle timeout.
            var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 50) > 0 else {
                if done && now() - lastArrival > 10 {
                    errors += outstanding
                    FileHandle.standardError.write(Data("yulu-load: \(outstanding) requests unanswered after 10 s\n".utf8))
                    break
                }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            let arrived = now()
            lastArrival = arrived
            pending += buffer[..<count]
            var start = 0
            while let newline = pending[start...].firstIndex(of: 10) {
                let line = pending[start..<newline]
                if !String(decoding: line.prefix(64), as: UTF8.self).contains("\"ok\":true") {
                    errors += 1
                    if errors <= 3 { FileHandle.standardError.write(Data("yulu-load: error answer: \(String(decoding: line.prefix(200), as: UTF8.self))\n".utf8)) }
                }
                let sentAt = sendTimes.withLock { state -> Double? in
                    guard state.head < state.times.count else { return nil }
                    defer { state.head += 1 }
                    return state.times[state.head]
                }
                guard let sentAt else {
                    // A line that answers no request sent: count it, never crash on it.
                    errors += 1
                    FileHandle.standardError.write(Data("yulu-load: a line answering no request\n".utf8))
                    start = newline + 1
                    continue
                }
                latencies.append((arrived - sentAt) * 1000)
                received += 1
                window.signal()
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
    }
}

let options = parseOptions()
let connections = (0..<options.connections).map { _ in Connection(port: options.port, window: options.window) }
let start = now() + 0.05
let end = start + options.seconds
let group = DispatchGroup()
for (index, connection) in connections.enumerated() {
    for role in 0..<2 {
        group.enter()
        Thread {
            if role == 0 { connection.write(options, index: index, start: start, end: end) } else { connection.read() }
            group.leave()
        }.start()
    }
}
// A closed-loop writer may be waiting on its window when time is up: wake it.
Thread.sleep(forTimeInterval: options.seconds + 0.1)
for connection in connections { connection.window.signal() }
group.wait()
let latencies = connections.flatMap(\.latencies).sorted()
func percentile(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(p * Double(latencies.count - 1)))] }
print(String(format: "responses %d errors %d qps %.0f p50 %.3f p99 %.3f p999 %.3f",
             latencies.count, connections.reduce(0) { $0 + $1.errors }, Double(latencies.count) / options.seconds,
             percentile(0.5), percentile(0.99), percentile(0.999)))
