import Foundation
import Logging
import NIOCore
import Testing
import YuluIndex
import YuluSearch
import YuluTestSupport
@testable import YuluServer

/// A server on a free port over an index of the sample corpus, stopped at the end.
final class RunningServer {
    let index: TemporaryFolder
    let server: Server

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        index = try TemporaryFolder("yulu-serve")
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: index.path)
        var configuration = ServerConfiguration(folder: index.path)
        configuration.port = 0
        configure(&configuration)
        var logger = Logger(label: "yulu.serve.test")
        logger.logLevel = .warning
        server = try Server.start(configuration, logger: logger)
    }

    func client(timeout: Double = 10) throws -> LineClient { try LineClient(port: server.port, timeout: timeout) }

    func stop() async { await server.shutdown() }
}

/// The JSON text with `took_ms` (time, which differs run to run) and `id` removed.
func comparable(_ object: [String: Any]) -> String {
    var object = object
    object.removeValue(forKey: "took_ms")
    object.removeValue(forKey: "id")
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

@Suite(.serialized) struct ServerTests {
    /// `--json` on the command line and the server's answer are the same object.
    @Test func answersEqualTheCommandLinesJSON() async throws {
        let running = try RunningServer()
        let client = try running.client()
        let queries = ["项目为王", "营商环境 -招商", "项目为王 OR 营商环境", "项目 NEAR/5 建设", "title:工作报告", "(項目為王"]
        for query in queries {
            let cli = try YuluBinary.run(["search", "--index", running.index.path, "--json", "--limit", "5", "--", query])
            let expected = try jsonObject(cli.output)
            let request = String(decoding: try JSONSerialization.data(withJSONObject: ["cmd": "search", "q": query, "limit": 5, "id": 1]), as: UTF8.self)
            let answer = try client.request(request)
            #expect(answer["id"] as? Int == 1)
            #expect(comparable(answer) == comparable(expected), "\(query)")
            let countCLI = try YuluBinary.run(["search", "--index", running.index.path, "--json", "--count", "--facet", "encoding", "--", query])
            let countAnswer = try client.request(String(decoding: try JSONSerialization.data(withJSONObject: ["cmd": "count", "q": query, "facets": ["encoding"]]), as: UTF8.self))
            #expect(comparable(countAnswer) == comparable(try jsonObject(countCLI.output)))
        }
        let show = try YuluBinary.run(["show", "--index", running.index.path, "--json", "county-a-2025-plan"])
        #expect(comparable(try client.request("SHOW county-a-2025-plan")) == comparable(try jsonObject(show.output)))
        let similar = try YuluBinary.run(["similar", "--index", running.index.path, "--json", "--doc", "county-a-2025-plan", "--para", "2"])
        let similarAnswer = try client.request("SIMILAR county-a-2025-plan 2")
        #expect((similarAnswer["hits"] as? [[String: Any]])?.isEmpty == false)
        #expect(comparable(similarAnswer) == comparable(try jsonObject(similar.output)))
        let stats = try YuluBinary.run(["stats", "--index", running.index.path, "--json"])
        #expect(comparable(try client.request("STATS")) == comparable(try jsonObject(stats.output)))
        #expect(comparable(try client.request("SEARCH 项目为王")) == comparable(try client.request("{\"cmd\":\"search\",\"q\":\"项目为王\"}")))
        await running.stop()
    }

    @Test func threeHundredPipelinedRequestsAnswerInOrder() async throws {
        let running = try RunningServer()
        let client = try running.client()
        let commands = ["{\"cmd\":\"count\",\"q\":\"项目为王\"", "{\"cmd\":\"search\",\"q\":\"营商环境\",\"limit\":3", "{\"cmd\":\"ping\"",
                        "{\"cmd\":\"show\",\"doc\":\"county-a-2025-plan\""]
        try client.send((0..<300).map { "\(commands[$0 % commands.count]),\"id\":\($0)}\n" }.joined())
        for number in 0..<300 {
            let answer = try client.readObject()
            #expect(answer["id"] as? Int == number)
            #expect(answer["ok"] as? Bool == true)
        }
        await running.stop()
    }

    /// A client that half-closes after its requests (`printf ... | nc -N`) still gets every
    /// answer, a last line without its LF included, and then the server closes.
    @Test func aHalfClosedConnectionIsAnsweredThenClosed() async throws {
        let running = try RunningServer()
        let client = try running.client()
        try client.send("PING\nCOUNT 项目为王\n{\"cmd\":\"search\",\"q\":\"营商环境\",\"limit\":2,\"id\":3}\nCOUNT 营商环境")
        try client.finishSending()
        #expect(try client.readObject()["pong"] as? Bool == true)
        let count = try client.readObject()
        #expect(count["ok"] as? Bool == true && (count["total"] as? Int ?? 0) > 0)
        let search = try client.readObject()
        #expect(search["id"] as? Int == 3 && (search["hits"] as? [Any])?.count == 2)
        #expect(try client.readObject()["ok"] as? Bool == true, "the last line, without its LF")
        #expect(try client.readLine() == nil, "then the server closes")
        await running.stop()
    }

    /// Every kind of bad input gets an error response, and the connection goes on.
    @Test func badInputGetsAnErrorAndTheConnectionCarriesOn() async throws {
        let running = try RunningServer { $0.maximumLineLength = 1000 }
        let client = try running.client()
        let cases: [([UInt8], String)] = [
            (Array("{\"cmd\":\"search\",\"q\":".utf8), "bad_json"),
            (Array("[1,2]".utf8), "bad_json"),
            ([0xFF, 0xFE, 0x41], "bad_utf8"),
            (Array("FROBNICATE now".utf8), "unknown_command"),
            (Array("{\"cmd\":\"frobnicate\",\"id\":3}".utf8), "unknown_command"),
            (Array("{\"cmd\":\"search\",\"q\":5}".utf8), "bad_request"),
            (Array("{\"cmd\":\"search\",\"q\":\"项目\",\"limit\":\"ten\"}".utf8), "bad_request"),
            (Array("{\"cmd\":7}".utf8), "bad_request"),
            (Array("{\"cmd\":\"search\",\"q\":\"(项目\"}".utf8), "bad_query"),
            (Array("{\"cmd\":\"search\",\"q\":\"项目 colour:red\"}".utf8), "bad_query"),
            (Array("{\"cmd\":\"show\",\"doc\":\"no-such-doc\"}".utf8), "not_found"),
            (Array("SEARCH".utf8), "bad_request"),
            (Array("SEARCH 项目为王 --limit 1".utf8), "bad_request"),
            (Array("COUNT 项目为王 --facet province".utf8), "bad_request"),
            (Array(repeating: UInt8(ascii: "a"), count: 5000), "line_too_long"),
            (Array(String(repeating: "[", count: 100).utf8), "bad_json"),
        ]
        for (line, code) in cases {
            try client.send(line + [10])
            let answer = try client.readObject()
            #expect(answer["ok"] as? Bool == false)
            #expect((answer["error"] as? [String: Any])?["code"] as? String == code, "\(String(decoding: line.prefix(40), as: UTF8.self))")
            #expect(try client.request("PING")["pong"] as? Bool == true)
        }
        // An over-long line sent in pieces is discarded to its end; the next line is answered.
        try client.send(Array(repeating: UInt8(ascii: "b"), count: 3000))
        try client.send(Array(repeating: UInt8(ascii: "b"), count: 3000) + Array("\nPING\n".utf8))
        #expect((try client.readObject()["error"] as? [String: Any])?["code"] as? String == "line_too_long")
        #expect(try client.readObject()["pong"] as? Bool == true)
        // A command-line option typed into a plain command is named, with where options go.
        let option = try client.request("SEARCH 项目为王 --limit 1")["error"] as? [String: Any]
        #expect((option?["message"] as? String).map { $0.contains("--limit") && $0.contains("JSON form") } == true, "\(option ?? [:])")
        #expect(try client.request("COUNT 项目为王 \"推进 --项目\"")["ok"] as? Bool == true, "a quoted -- is phrase text")
        // The id is echoed on errors too.
        #expect(try client.request("{\"cmd\":\"frobnicate\",\"id\":\"abc\"}")["id"] as? String == "abc")
        // QUIT closes by design.
        #expect(try client.request("QUIT")["bye"] as? Bool == true)
        #expect(try client.readLine() == nil)
        await running.stop()
    }

    @Test func idleConnectionsAreClosed() async throws {
        let running = try RunningServer { $0.idleTimeout = .milliseconds(500) }
        let client = try running.client()
        #expect(try client.request("PING")["ok"] as? Bool == true)
        let answer = try client.readObject()
        #expect((answer["error"] as? [String: Any])?["code"] as? String == "idle_timeout")
        #expect(try client.readLine() == nil)
        await running.stop()
    }

    /// A request still running at the time limit is answered with `timeout`; its answer,
    /// when it comes, is not sent, and the connection goes on.
    @Test func aRequestPastTheTimeLimitGetsATimeoutAndTheConnectionGoesOn() async throws {
        let running = try RunningServer { $0.requestTimeout = .milliseconds(1) }
        let client = try running.client(timeout: 30)
        // 1,500 NEARs of the sample's bigrams, ORed: over 10 ms even in a release build.
        var text = ""
        for file in try FileManager.default.contentsOfDirectory(atPath: Project.sampleCorpus.path).sorted() {
            text += String(decoding: try Data(contentsOf: Project.sampleCorpus.appendingPathComponent(file)), as: UTF8.self)
        }
        let han = text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.map(String.init)
        let bigrams = Set(zip(han, han.dropFirst()).map { $0 + $1 }).sorted().prefix(1_500)
        #expect(bigrams.count == 1_500)
        let query = bigrams.enumerated().map { "\"\($1)\" NEAR/3 \"\(han[$0 * 7 % han.count])\"" }.joined(separator: " OR ")
        let request = String(decoding: try JSONSerialization.data(withJSONObject: ["cmd": "count", "q": query, "id": 9]), as: UTF8.self)
        let answer = try client.request(request)
        #expect(answer["id"] as? Int == 9)
        #expect((answer["error"] as? [String: Any])?["code"] as? String == "timeout")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try client.request("PING")["pong"] as? Bool == true)
        #expect(try client.request("PING")["pong"] as? Bool == true)
        await running.stop()
    }

    /// A connection that keeps asking stays open past the idle timeout, and one that
    /// then falls quiet is closed after about that timeout.
    ///
    /// The pauses block this thread (`usleep`) rather than suspend the task: a suspended
    /// test resumes only when the cooperative pool has a free thread, and with the other
    /// suites' long synchronous tests on both cores that took longer than the timeout in
    /// CI. The largest gap between requests is in the message if it fails anyway.
    @Test func aBusyConnectionOutlivesTheIdleTimeout() async throws {
        let running = try RunningServer { $0.idleTimeout = .seconds(1) }
        let client = try running.client()
        let clock = ContinuousClock()
        let started = clock.now
        var lastRequest = started
        var largestGap = Duration.zero
        while clock.now - started < .milliseconds(2_500) {
            largestGap = max(largestGap, clock.now - lastRequest)
            let answer = try client.request("PING")
            lastRequest = clock.now
            #expect(answer["ok"] as? Bool == true, "largest gap between requests: \(largestGap)")
            usleep(100_000)
        }
        let answer = try client.readObject()
        #expect((answer["error"] as? [String: Any])?["code"] as? String == "idle_timeout")
        let waited = clock.now - lastRequest
        #expect(waited >= .milliseconds(900) && waited < .seconds(3), "closed after \(waited)")
        await running.stop()
    }

    /// A server its owner drops without `shutdown()` (a test that threw, say) closes its
    /// connections and frees its port instead of leaking them or tripping NIO's checks.
    @Test func aServerReleasedWithoutShutdownClosesItself() throws {
        var running: RunningServer? = try RunningServer()
        let port = try #require(running).server.port
        let client = try #require(running).client()
        #expect(try client.request("PING")["ok"] as? Bool == true)
        running = nil
        #expect(try client.readLine() == nil)
        let released = ContinuousClock.now
        var portFreed = false
        while !portFreed && ContinuousClock.now - released < .seconds(5) {
            portFreed = (try? LineClient(port: port)) == nil
            usleep(10_000)
        }
        #expect(portFreed)
    }

    @Test func connectionsOverTheLimitGetAClearErrorThenClose() async throws {
        let running = try RunningServer { $0.maximumConnections = 3 }
        let clients = try (0..<3).map { _ in try running.client() }
        for client in clients { #expect(try client.request("PING")["ok"] as? Bool == true) }
        let extra = try running.client()
        #expect((try extra.readObject()["error"] as? [String: Any])?["code"] as? String == "too_many_connections")
        #expect(try extra.readLine() == nil)
        for client in clients { #expect(try client.request("PING")["ok"] as? Bool == true) }
        await running.stop()
    }

    @Test func twoHundredConnectionsTimesTwentyRequests() async throws {
        let running = try RunningServer()
        let clients = try (0..<200).map { _ in try running.client(timeout: 30) }
        for (number, client) in clients.enumerated() {
            try client.send((0..<20).map { "{\"cmd\":\"count\",\"q\":\"项目为王\",\"id\":\(number * 100 + $0)}\n" }.joined())
        }
        var answered = 0
        for (number, client) in clients.enumerated() {
            for request in 0..<20 {
                let answer = try client.readObject()
                #expect(answer["id"] as? Int == number * 100 + request && answer["total"] as? Int == 10)
                answered += 1
            }
        }
        #expect(answered == 4000)
        await running.stop()
    }

    /// A document indexed while the server runs is found within a second.
    @Test func aNewGenerationIsServedWithinASecond() async throws {
        let running = try RunningServer()
        let client = try running.client()
        #expect(try client.request("COUNT 鸿雁传书计划")["total"] as? Int == 0)
        let corpus = try TemporaryFolder("yulu-serve-new")
        try "关于实施鸿雁传书计划的讲话\n全面推进鸿雁传书计划。\n".write(toFile: corpus.file("new.txt"), atomically: true, encoding: .utf8)
        _ = try IndexWriter.index([corpus.file("new.txt")], into: running.index.path)
        let indexed = ContinuousClock.now
        var found = false
        while ContinuousClock.now - indexed < .seconds(1) {
            if try client.request("COUNT 鸿雁传书计划")["total"] as? Int == 2 {
                found = true
                break
            }
            usleep(20_000)
        }
        #expect(found)
        await running.stop()
    }

    /// SIGTERM while requests are in flight: every request read is answered, then exit 0.
    @Test func sigtermDuringLoadLosesNoResponse() async throws {
        let index = try TemporaryFolder("yulu-serve-term")
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: index.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(YuluBinary.path))
        process.arguments = ["serve", "--index", index.path, "--port", "0", "--threads", "1"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        var port: Int?
        while port == nil {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = log[range].split(separator: ":").last.flatMap { Int($0) }
            }
        }
        let client = try LineClient(port: try #require(port, "the server printed its port: \(log)"))
        try client.send((0..<200).map { "{\"cmd\":\"search\",\"q\":\"项目为王 OR 营商环境\",\"limit\":50,\"id\":\($0)}\n" }.joined())
        let first = try client.readObject()
        #expect(first["id"] as? Int == 0)
        process.terminate()
        var next = 1
        while let line = try client.readLine() {
            let answer = try jsonObject(line)
            #expect(answer["id"] as? Int == next && answer["ok"] as? Bool == true)
            next += 1
        }
        process.waitUntilExit()
        #expect(next == 200, "every request read before SIGTERM is answered")
        #expect(process.terminationStatus == 0)
    }
}

/// tools/yulu_client.py against a running server, with python3 (standard library only).
@Suite struct PythonClientTests {
    @Test func theClientSearchesCountsBatchesAndRaises() async throws {
        let running = try RunningServer()
        let script = """
            import sys
            sys.path.insert(0, sys.argv[1])
            from yulu_client import YuluClient, YuluError
            with YuluClient(port=int(sys.argv[2])) as yulu:
                hits = yulu.search("项目为王", limit=3)["hits"]
                assert len(hits) == 3 and hits[0]["highlights"], hits
                assert yulu.count("项目为王")["total"] == 10
                table = yulu.batch([{"cmd": "count", "q": q, "facets": ["encoding"]} for q in ["项目为王", "营商环境"] * 300], window=64)
                assert len(table) == 600 and table[0]["facets"]["encoding"]["utf-8"] == 9, table[0]
                assert yulu.show("county-a-2025-plan", para=2)["paragraphs"][0]["para"] == 2
                try:
                    yulu.search("(项目")
                    raise SystemExit("no error raised")
                except YuluError as error:
                    assert error.code == "bad_query", error
                assert yulu.stats()["documents"] == 12
                similar = yulu.similar("county-a-2025-plan", 2, limit=3)["hits"]
                assert similar and all(0 <= h["score"] <= 1 and h["aligned"] for h in similar), similar
            print("ok")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Project.root.appendingPathComponent("tools").path, String(running.server.port)]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && printed == "ok\n", "\(complaints)")
        await running.stop()
    }
}
