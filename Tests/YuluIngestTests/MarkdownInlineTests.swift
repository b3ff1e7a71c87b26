import Testing
import YuluTestSupport
@testable import YuluIngest

/// Markdown's inline markup goes and its text stays, so a phrase split by emphasis or a
/// link is one run of text again; what is not markup by CommonMark's rules stays.
@Suite struct MarkdownInlineTests {
    @Test(arguments: [
        ("坚持**项目**为王", "坚持项目为王"),
        ("*优化*营商环境", "优化营商环境"),
        ("~~删除~~，`代码`", "删除，代码"),
        ("[项目为王](http://x.cn)链接", "项目为王链接"),
        ("[文本](http://a.cn \"标题\")与[括号](http://a.cn/x_(y))", "文本与括号"),
        ("![图片说明](a.png)", "图片说明"),
        ("<span class=\"b\">招商</span>引资<br/>", "招商引资"),
        ("见<https://www.gov.cn>", "见https://www.gov.cn"),
        ("<!-- 注释 -->正文", "正文"),
        ("**加粗*斜体*加粗**与***强调***", "加粗斜体加粗与强调"),
        ("**[链接里的强调](u)**", "链接里的强调"),
        ("``含`反引号``", "含`反引号"),
        ("\\*不是强调\\*", "*不是强调*"),
    ])
    func markupGoes(_ markdown: String, _ text: String) {
        #expect(MarkdownInline.text(markdown[...]) == text[...])
    }

    @Test(arguments: [
        "3 * 5 = 15，a * b",
        "file_name_here 与 snake_case",
        "__项目__为王",
        "**未闭合的强调",
        "a < b > c，x<y",
        "[1] 脚注，[项目为王][2]",
        "【项目为王】“亲清政商关系”",
        "~单个波浪线~",
        "`未闭合的代码",
        "[未完成的链接](http://a.cn",
    ])
    func textStays(_ markdown: String) {
        #expect(MarkdownInline.text(markdown[...]) == markdown[...])
    }

    /// A whole speech on one line, full of marks that open and never close, of pairs, or of
    /// nested links: read whole (no mark looks further than `MarkdownInline.reach`, so the
    /// time grows with the line, not its square), the open marks left as text.
    @Test func longLinesOfMarksAreReadWhole() {
        func count(_ text: Substring) -> Int { text.unicodeScalars.count { $0 == "项" } }
        for unit in ["[", "<", "![", "[a](", "[a](u ", "\\"] {
            let line = String(repeating: unit + "项", count: 20_000)
            let read = MarkdownInline.text(line[...])
            #expect(read.unicodeScalars.count == line.unicodeScalars.count && count(read) == 20_000, "\(unit)")
        }
        for unit in ["*", "**", "`", "_", "~~"] {
            let read = MarkdownInline.text(String(repeating: unit + "项", count: 20_000)[...])
            #expect(count(read) == 20_000, "\(unit)")
        }
        let nested = String(repeating: "[", count: 300) + "项" + String(repeating: "](u)", count: 300)
        #expect(count(MarkdownInline.text(nested[...])) == 1)
    }

    /// Soups of markup and text: never a crash, and nothing added or moved.
    @Test func soupsOfMarkupAreRead() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("**__~~``[]()<>!\\ 项目为王a1/:\"")
        for _ in 0..<3_000 {
            let soup = String((0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let text = MarkdownInline.text(soup[...])
            #expect(text.unicodeScalars.count <= soup.unicodeScalars.count, "\(soup)")
            // Markup only goes: what is left is the soup's characters, in order, less some.
            var rest = soup[...]
            #expect(text.allSatisfy { character in
                guard let found = rest.firstIndex(of: character) else { return false }
                rest = rest[rest.index(after: found)...]
                return true
            }, "\(soup)")
        }
    }
}
