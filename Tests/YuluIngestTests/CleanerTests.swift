import Testing
import YuluAnalysis
import YuluTestSupport
@testable import YuluIngest

@Suite struct CleanerTests {
    let cleaner = Cleaner()

    func kept(_ lines: [String]) -> [String] { cleaner.clean(lines).lines.map(\.text) }

    @Test(arguments: [
        "您的位置:新文秘网>>党委/党务讲话>>正文", "首页 > 致辞 > 正文", "发表时间:2025/5/4 21:47:36", "時間:2022-05-08 07:57:00",
        "来源：北京日报", "下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "】", "×", "【字号：大 中 小】", "1 / 8",
        "- 上一篇:書記在文化調研工作會發言", "下一篇：在全县招商引资工作会议上的讲话", "©2015-2020 m.777doc.com 三七文档.",
        "备案号:鲁ICP备2024069028号-1 客服联系 QQ:2149211541", "酷乐文行整理，咨询QQ206157060", "会员群：      免费ＱＱ群：",
        "现在订阅立享前3年的所有权益和资料", "举报倒卖会员资料的人，举报成功免费赠送一年会员材料！", "仅供学习 禁止外传",
        "整理文档很辛苦,赏杯茶钱您下走!", "本文6元", "预览结束,全文3684字,当前显示2251字,还剩1433字",
        "导语:本文来源于网友上传,不代表本站观点,欢迎参考。", "殷勇同志作政府工作报告。本报记者 戴冰摄", "酷乐文行", "相关链接>>",
        "……(新文秘网http://www.wm114.cn省略788字,正式会员可完整阅读)……",
        "省长叶建春作政府工作报告。本报全媒体记者 林 君摄", "张工作政府工作报告。", "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿",
        "（来源：青海日报）", "编辑：何继红", "责任编辑：李莎莎", "》》点击图片进入专题《《",
    ])
    func siteAdditionsGo(_ line: String) {
        #expect(kept(["同志们：", line, "今天召开全县项目推进会。"]) == ["同志们：", "今天召开全县项目推进会。"])
    }

    @Test(arguments: [
        "（二）涂改、倒卖、出租、出借资质资格证书；", "（五）申请执行人地址、联系电话；", "联系电话：……",
        "经省药品监督管理部门批准，具有批准文号或者备案号的医疗机构中药制剂，可以调剂使用。",
        "要做好党报党刊订阅发行工作", "二要强化政策兑现", "加大招商引资力度，加快项目落地。", "时间就是效益",
        "目录管理制度", "第三章 法律责任", "一、认清形势，增强抓项目的紧迫感", "2026年1月25日在北京市第十六届人民代表大会第四次会议上",
        "市长 王某某", "要开通政务微信公众号", "各位代表：", "下面，请省长作政府工作报告。",
        "现在，我代表省人民政府向大会作政府工作报告，请予审议。", "审核：严格把关，层层落实。",
    ])
    func speechAndLawTextStays(_ line: String) {
        #expect(kept([line]) == [line])
    }

    @Test func noticesInsideLongLinesGoAndTheSpeechAroundThemStays() {
        let line = "从面临的严峻复杂形势看,“项目为王、环境是金”越来越成为支撑点。下面是网友为您分享的文档范本,供您参考学习,喜欢的话就下载吧!同志们:项目为王、环境是金。"
        #expect(kept([line]) == ["从面临的严峻复杂形势看,“项目为王、环境是金”越来越成为支撑点。同志们:项目为王、环境是金。"])
        let tail = "县级领导要带头冲锋。例如,**县长包联的**新能源电池 ……(未完,全文共4203字,当前仅显示2214字,请阅读下面提示信息。收藏《讲话》"
        let cleaned = cleaner.clean([tail])
        #expect(cleaned.lines.map(\.text) == ["县级领导要带头冲锋。例如,**县长包联的**新能源电池"])
        #expect(cleaned.truncated)
        #expect(cleaned.fullLength == 4203)
    }

    @Test func labelsGiveDateAndSourceAlsoFromTheNextLine() {
        let cleaned = cleaner.clean(["发表时间：", "2026-02-09 09:45:30", "来源：", "宁夏日报客户端", "各位代表："])
        #expect(cleaned.lines.map(\.text) == ["各位代表："])
        #expect(cleaned.date == "2026-02-09 09:45:30")
        #expect(cleaned.source == "宁夏日报客户端")
    }

    /// A bare editor label takes the name on the next line with it; a content system's
    /// id line takes the related article's title under it (the end of the Sichuan report).
    @Test func labelsAndIdsTakeTheLineUnderThem() {
        #expect(kept(["各位代表！让我们团结奋斗。", "责任编辑：", "李莎莎"]) == ["各位代表！让我们团结奋斗。"])
        let related = ["各位代表！让我们团结奋斗。", "e4c29f31c6964493a14c4ddf6b160169:", "四川干部群众热议政府工作报告 以奋勇争先之姿，乘势而为",
                       "be341a59f1dd422394845dcb3fce09dc:", "解读省政府工作报告：在服务大局中担难担重前行 在识变应变中向新向优发展"]
        #expect(kept(related) == ["各位代表！让我们团结奋斗。"])
    }

    @Test func breadcrumbAndWidgetBlocksGoWhole() {
        let lines = ["您的位置:", "首页", ">", "云南要闻", "2026年政府工作报告", "【字体：", "大", "中", "小", "】", "各位代表："]
        #expect(kept(lines) == ["2026年政府工作报告", "各位代表："])
    }

    /// A breadcrumb with each crumb on its own line after 首页 (as on shaanxi.gov.cn):
    /// separators, and crumbs of up to 12 characters after them, go.
    @Test func aBreadcrumbLaidOutLineByLineGoes() {
        let lines = ["首页", ">", "政府信息公开", ">", "政府工作报告", ">", "省政府工作报告", "陕西省2026年政府工作报告", "各位代表："]
        #expect(kept(lines) == ["陕西省2026年政府工作报告", "各位代表："])
        #expect(kept(["首页", ">", "现在，我代表省人民政府向大会报告工作。"]) == ["现在，我代表省人民政府向大会报告工作。"])
    }

    /// The page's header and the article both show the title and the line under it; the
    /// second copy goes. Other lines that repeat near the top stay (a law's table of
    /// contents, clauses).
    @Test func aRepeatedTitleGoesWithTheLinesRepeatedUnderIt() {
        let title = "陕西省2026年政府工作报告", occasion = "2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚"
        let cleaned = cleaner.clean(["分享:", title, occasion, "首页", ">", "省政府工作报告", title, occasion, "时间：", "2026-02-02 09:20",
                                     "各位代表："])
        #expect(cleaned.lines.map(\.text) == [title, occasion, "各位代表："])
        #expect(cleaned.removals.filter { $0.rule == "repeated title" }.map(\.line) == [7, 8])
        #expect(kept([title, "第一章 总则", title, "第一章 总 则", "（一）达到标准的；", "第一章 总则", "（一）达到标准的；"])
            == [title, "第一章 总则", "第一章 总 则", "（一）达到标准的；", "第一章 总则", "（一）达到标准的；"])
    }

    @Test func anOutlineBlockGoesWhenItsHeadingsRecur() {
        let lines = ["目录/提纲:……", "一、认清形势", "二、突出重点", "……", "同志们:", "一、认清形势", "今天开会。", "二、突出重点"]
        #expect(kept(lines) == ["同志们:", "一、认清形势", "今天开会。", "二、突出重点"])
        let notRecurring = ["目录:……", "一、认清形势", "二、突出重点", "……", "同志们:"]
        #expect(kept(notRecurring) == ["一、认清形势", "二、突出重点", "同志们:"])
    }

    @Test func shortLinesBetweenAdvertisementsInOneBlockGoToo() {
        let lines = ["仅供学习 禁止外传", "酷乐文行", "自建平台、实时分享", "现在订阅立享前3年的所有权益和资料", "", "全区项目建设年推进会讲话"]
        let cleaned = cleaner.clean(lines)
        #expect(cleaned.lines.map(\.text) == ["全区项目建设年推进会讲话"])
        #expect(cleaned.lines.first?.number == 6)
        #expect(cleaned.removals.map(\.rule).contains("advertisement block"))
    }

    /// The byte test that lets a line skip the symbols-only rules is never wrong: where it
    /// says a line surely has a letter or digit, the folded line does (random mixes of
    /// ASCII, Han at and around the edges of U+4E00–U+9FBF, Yijing symbols, full-width and
    /// circled digits, Roman numerals, punctuation, marks, emoji). It also says so for
    /// ordinary text.
    @Test func theLetterOrDigitShortcutImpliesTheFoldedTest() {
        var random = SplitMix64(seed: 31)
        let pool: [UInt32] = [0x41, 0x7A, 0x30, 0x39, 0x40, 0x5B, 0x2F, 0x3A, 0x20, 0x3000, 0x3002, 0xFF10, 0xFF21, 0x2460, 0x2160,
                              0x4DFF, 0x4E00, 0x4E01, 0x9FBF, 0x9FC0, 0x9FFF, 0x3400, 0x4DC0, 0x6211, 0x570B, 0x0301, 0xFE0F,
                              0x1F600, 0x3010, 0x00D7, 0x2014, 0xF900, 0x2F00, 0x3007]
        let folder = ScalarFolder()
        for _ in 0..<3_000 {
            let scalars = (0..<(1 + Int(random.next() % 6))).map { _ in Unicode.Scalar(pool[Int(random.next() % UInt64(pool.count))])! }
            let text = String(String.UnicodeScalarView(scalars))
            if LineText.surelyHasLetterOrDigit(Substring(text)) {
                #expect(LineText.hasLetterOrDigit(folder.fold(text)), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(LineText.surelyHasLetterOrDigit("第一章 总则"))
        #expect(LineText.surelyHasLetterOrDigit("—— 2026"))
        #expect(!LineText.surelyHasLetterOrDigit("【】×——"))
    }

    @Test func everyRuleCompilesAndHasAName() {
        #expect(CleaningRules.all.count <= 64)
        #expect(Set(CleaningRules.all.map(\.name)).count == CleaningRules.all.count)
        #expect(CleaningRules.all.allSatisfy { !$0.why.isEmpty })
    }
}
