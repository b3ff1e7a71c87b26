/// One cleaning rule: what the source site added, how to recognise it, and why it goes.
///
/// Patterns are Swift regular expressions matched, scalar by scalar, against the
/// *folded* line (see `ScalarFolder`: simplified, half-width, lower case), so one rule
/// covers 網友 and 网友, ＱＱ and qq, full-width and half-width colons and parentheses.
/// Write patterns in that folded form: `:` not `：`, `(` not `（`, `qq` not `QQ`.
public struct CleaningRule: Sendable {
    /// Where a rule applies.
    public enum Scope: Sendable {
        /// The whole line goes when the pattern matches it and the line has at most
        /// `maxLength` scalars (long lines are speech, however they start).
        case line(maxLength: Int)
        /// Only the matched span goes, wherever it sits in a line of at least `minLength`
        /// scalars (notices inside long lines; shorter lines are left to the line rules).
        case span(minLength: Int)
    }

    /// What a match tells about the document besides removing text.
    public enum Effect: Sendable {
        /// The source cut the text short; a 全文(共)N字 in the removed text is the full length.
        case truncated
        /// Capture group 1 is the document's date (absent: the next line holds it).
        case date
        /// Capture group 1 names the site or newspaper (absent on a bare label: the next line holds it).
        case source
        /// The line opens an outline block: with nothing after the label, the lines up to an
        /// ellipsis line go too, provided most of them recur later as headings.
        case outline
        /// A bare label (capture group 1 empty or absent): the next line, when it has at most
        /// that many scalars, is its value and goes too.
        case label(maxLength: Int)
        /// The line opens a font-size widget: the lone 大 / 中 / 小 / 默认 lines after it go too.
        case widget
        /// The line opens a breadcrumb (a bare label, or 首页 alone): the crumbs after it go
        /// too, each on its own line: separators (>, », /), a crumb of up to 12 characters
        /// after a separator, of up to 6 otherwise (首页, 要闻).
        case breadcrumb
        /// An advertisement: a short unpunctuated line between two of these, in the same block
        /// of consecutive lines, is part of the same advertisement.
        case advertisement
    }

    /// A short name shown in cleaning reports (`yulu ingest`).
    public let name: String
    /// What the rule removes, and why it is not speech.
    public let why: String
    public let scope: Scope
    /// Literal strings (folded) of which at least one must occur before the pattern is tried.
    public let triggers: [String]
    /// The pattern over the folded line; nil for the rule that removes lines without
    /// any letter or digit, which is a character test rather than a pattern.
    public let pattern: String?
    public let effects: [Effect]

    public init(_ name: String, _ why: String, scope: Scope, triggers: [String], pattern: String?,
                effects: [Effect] = []) {
        self.name = name
        self.why = why
        self.scope = scope
        self.triggers = triggers
        self.pattern = pattern
        self.effects = effects
    }
}

/// The cleaning rules, in the order they are tried: every span rule over every line,
/// then the first line rule that matches. Built from the scraped seeds and the
/// provincial reports' page chrome, and kept general: a rule names a kind of notice
/// (a cut-text notice, a QQ contact line), never one site.
public enum CleaningRules {
    /// Characters with which a sentence may end; lines ending otherwise are fragments.
    static let noSentencePunctuation = "[^。!?;]*"

    public static let all: [CleaningRule] = [
        // Notices inside lines: only the notice goes.
        CleaningRule(
            "cut-text notice", "a site's note that it omitted part of the text: (…省略788字,正式会员可完整阅读)",
            scope: .span(minLength: 0), triggers: ["省略"],
            pattern: #"[….·]*\s*\((?:(\p{Han}{2,10}?)(?=https?:|www\.))?[^()]{0,80}?省略\s*\d+\s*字[^()]{0,80}\)\s*[….·]*"#,
            effects: [.truncated, .source]),
        CleaningRule(
            "cut-text tail", "a site's note where the free text stops: ……(未完,全文共4203字,当前仅显示2214字,… to the end of the line",
            scope: .span(minLength: 0), triggers: ["(未完"],
            pattern: #"[….·]*\s*\(未完.*$"#,
            effects: [.truncated]),
        CleaningRule(
            "shared-document notice", "a site's sentence about the document it shares: 下面是网友为您分享的文档范本,…下载吧!",
            scope: .span(minLength: 0), triggers: ["下面是"],
            pattern: #"下面是[^。!?]{0,20}(网友|小编|本站|我们|大家)[^。!?]{0,30}(分享|整理|收集|精选)[^。!?]{0,50}[。!?]"#),
        CleaningRule(
            "sample label", "a site's label before a title: 【参考范例】, 【范文】",
            scope: .span(minLength: 0), triggers: ["【"],
            pattern: #"^【(参考范例|参考范文|范文|精选范文|精品范文|优秀范文|原创)】"#),
        CleaningRule(
            "contact in text", "a QQ or WeChat contact inside a long line: 咨询QQ206157060",
            scope: .span(minLength: 61), triggers: ["qq", "微信"],
            pattern: #"[,;]?\s*(咨询|联系|客服|加)?\s*(qq|微信)(群|号)?\s*:?\s*[0-9a-z_-]{5,}"#,
            effects: [.advertisement]),

        // Whole lines.
        CleaningRule(
            "preview notice", "a site's note that the preview ended: 预览结束,全文3684字,当前显示2251字",
            scope: .line(maxLength: 120), triggers: ["预览结束", "阅读已结束", "试读结束", "全文共", "当前显示", "仅显示"],
            pattern: #"(预览结束|阅读已结束|试读结束|全文共?\s*\d+\s*字.{0,8}显示\s*\d+\s*字)"#,
            effects: [.truncated]),
        CleaningRule(
            "breadcrumb", "site navigation: 您的位置:新文秘网>>讲话>>正文",
            scope: .line(maxLength: 120), triggers: ["位置:", "位置 :"],
            pattern: #"^(?:您的位置|你的位置|当前位置|您现在的位置|现在位置|所在位置)\s*:\s*(?:([^>»/\s]{2,12}?)\s*(?:>|»|/))?"#,
            effects: [.breadcrumb, .source]),
        CleaningRule(
            "navigation", "site navigation: 首页 > 致辞 > 正文, or 首页 alone with the crumbs on the lines after it",
            scope: .line(maxLength: 80), triggers: ["首页"],
            pattern: #"^首页\s*(>|»|/|$)"#, effects: [.breadcrumb]),
        CleaningRule(
            "date label", "the site's publication stamp: 发表时间:2025/5/4 21:47:36 (kept as the date field)",
            scope: .line(maxLength: 40), triggers: ["时间:", "时间 :", "日期:", "日期 :"],
            pattern: #"^(?:发表时间|发布时间|更新时间|时间|日期|发布日期)\s*:\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:时]\s*\d{1,2}(?:\s*[:分]\s*\d{1,2}\s*秒?)?)?)?\s*$"#,
            effects: [.date]),
        CleaningRule(
            "source label", "the site's source stamp: 来源:北京日报, (来源:青海日报) (kept as the source field)",
            scope: .line(maxLength: 40), triggers: ["来源:", "来源 :"],
            pattern: #"^\(?(?:来源|文章来源|稿件来源|信息来源)\s*:\s*([^。,;:()]{0,24})\)?$"#,
            effects: [.source]),
        CleaningRule(
            "topic link", "a link to the site's special topic: 》》点击图片进入专题《《",
            scope: .line(maxLength: 30), triggers: ["进入专题"],
            pattern: #"^[》»>\s]*点击(图片)?进入专题[《«<\s]*$"#),
        CleaningRule(
            "editor credit", "the site's editor stamp: 责任编辑:李莎莎, 编辑:何继红 (the name may stand on the next line)",
            scope: .line(maxLength: 24), triggers: ["编辑", "责编", "审核", "校对", "编审", "终审", "审校", "监制"],
            pattern: #"^\(?(?:责任编辑|编辑|责编|审核|校对|编审|终审|审校|监制)\s*:\s*([^。,;:()]{0,12})\)?$"#,
            effects: [.label(maxLength: 12)]),
        CleaningRule(
            "related link", "a content system's id standing before the title of a related article, which goes too: "
                + "abcd39f1fb7f426d9dfb6bd0fa1f2146:",
            scope: .line(maxLength: 70), triggers: [":"],
            pattern: #"^[0-9a-f]{24,64}\s*:$"#,
            effects: [.label(maxLength: 60)]),
        CleaningRule(
            "read count", "the site's hit counter: 阅读量:",
            scope: .line(maxLength: 30), triggers: ["阅读", "浏览", "点击"],
            pattern: #"^(阅读量|阅读次数|浏览次数|浏览量|点击数|点击量)\s*:"#),
        CleaningRule(
            "font-size widget", "page chrome: 【字号: 大 中 小】",
            scope: .line(maxLength: 30), triggers: ["字号", "字体"],
            pattern: #"^【?\s*(字号|字体)\s*:"#,
            effects: [.widget]),
        CleaningRule(
            "page chrome", "buttons and links of the page: 下载, 打印, 全屏, 收藏, 分享到, 关闭窗口, 相关报道",
            scope: .line(maxLength: 20),
            triggers: ["下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "分享", "关闭", "返回", "扫一扫", "相关", "保存成功", "资源描述", "链接"],
            pattern: #"^(下载|打印|全屏|收藏|加大|还原|减小|分享|分享到|分享到微信|分享到微博|打印本页|关闭窗口|关闭|返回顶部|扫一扫在手机打开当前页|相关报道|相关文档|相关阅读|相关链接|相关附件|相关文章|保存成功|资源描述|下载文档,?\s*编辑使用|点击下载|复制链接)\s*(:|>>|>|»)?$"#),
        CleaningRule(
            "page counter", "the page number of a paged viewer: 1 / 8",
            scope: .line(maxLength: 12), triggers: ["/"],
            pattern: #"^\d+\s*/\s*\d+$"#),
        CleaningRule(
            "previous/next", "links to other articles: 上一篇:…, 下一篇:…",
            scope: .line(maxLength: 80), triggers: ["上一篇", "下一篇", "上一页", "下一页"],
            pattern: #"^[-·•*\s]*(上一篇|下一篇|上一页|下一页)"#),
        CleaningRule(
            "copyright", "the site's copyright line: ©2015-2020 m.777doc.com 三七文档., 版权所有",
            scope: .line(maxLength: 100), triggers: ["©", "copyright", "版权所有", "(c)"],
            pattern: #"^[^。]*?(?:©|copyright|版权所有|\(c\)\s*\d{4})[\s\d\-]*([^\s\d。][^。]*?)?\.?$"#,
            effects: [.source]),
        CleaningRule(
            "ICP record", "the site's licence line: 备案号:鲁ICP备2024069028号-1",
            scope: .line(maxLength: 120), triggers: ["icp", "备案号", "网安备"],
            pattern: #"^[^。;,]*(icp\s*(备|证)|备案号|公网安备|网安备)[^。;,]*$"#),
        CleaningRule(
            "contact line", "a short line with a QQ, WeChat or phone contact: 酷乐文行整理,咨询QQ206157060, 免费QQ群:",
            scope: .line(maxLength: 60), triggers: ["qq", "微信", "客服", "咨询"],
            pattern: #"^[^。;]*(qq|微信(号|群)?\s*:\s*[0-9a-z_-]{5,}|(客服|咨询)[^。;]{0,4}(电话|qq|微信)\s*:?\s*[\d-]{5,})[^。;]*$"#,
            effects: [.advertisement]),
        CleaningRule(
            "membership ad", "a site's sales pitch: 现在订阅立享…, 举报倒卖会员资料…, 正式会员可完整阅读",
            scope: .line(maxLength: 60),
            triggers: ["正式会员", "开通会员", "会员群", "会员资料", "会员材料", "会员专享", "会员免费", "vip", "打击倒卖",
                       "免费领取", "立即购买", "订阅"],
            pattern: #"^[^。;]*(正式会员|开通会员|会员群|会员资料|会员材料|会员专享|会员免费|vip会员|打击倒卖|免费领取|立即购买|(现在|立即|马上)订阅|订阅(立享|即享|会员))[^。;]*$"#,
            effects: [.advertisement]),
        CleaningRule(
            "usage notice", "a site's notice on use: 仅供学习 禁止外传",
            scope: .line(maxLength: 30), triggers: ["仅供", "禁止"],
            pattern: #"^(仅供(学习|参考|个人|交流)|禁止(外传|转载|复制))"#,
            effects: [.advertisement]),
        CleaningRule(
            "tip request", "a site's plea for tips: 整理文档很辛苦,赏杯茶钱您下走!",
            scope: .line(maxLength: 40), triggers: ["赏", "茶钱"],
            pattern: #"(赏杯茶|打赏|茶钱)"#,
            effects: [.advertisement]),
        CleaningRule(
            "price", "a site's price tag: 本文6元",
            scope: .line(maxLength: 16), triggers: ["本文", "本篇"],
            pattern: #"^本(文|篇|文档)\s*\d+(\.\d+)?\s*元$"#),
        CleaningRule(
            "disclaimer", "a site's disclaimer: 一文来源于网友上传,不代表本站观点",
            scope: .line(maxLength: 120), triggers: ["网友上传", "本站观点", "原创文章"],
            pattern: #"(来源于网友上传|网友上传|不代表本站观点|若需要原创文章)"#),
        CleaningRule(
            "photo caption", "a newspaper's photo credit: 本报记者 戴冰摄",
            scope: .line(maxLength: 60), triggers: ["记者"],
            pattern: #"记者\s*[^\s。]{2,5}(\s+[^\s。]{2,5})?\s*摄\.?$"#),
        CleaningRule(
            "report caption", "a newspaper's caption under the photo of a governor reading the report: "
                + "省长叶建春作政府工作报告。本报全媒体记者 林 君摄 (not 下面，请省长作政府工作报告)",
            scope: .line(maxLength: 60), triggers: ["作政府工作报告"],
            pattern: #"^(?!.*请)[^。,:]{1,16}作政府工作报告[。.]?(\s*[^\s。]{0,16}记者.{0,16})?$"#),
        CleaningRule(
            "site name", "a line holding only a site's name: 酷乐文行, 三七文档",
            scope: .line(maxLength: 12), triggers: ["文秘", "文库", "文档", "范文", "文行", "资料网"],
            pattern: #"^([\p{Han}a-z0-9.]{0,8}(?:文秘网|文库|文档网|文档|范文网|范文中心|文行|资料网))\.?$"#,
            effects: [.advertisement, .source]),
        CleaningRule(
            "outline", "an outline the site put before the text, repeating its headings: 目录/提纲:……, 【提纲】…",
            scope: .line(maxLength: 200), triggers: ["【提纲】", "【目录】", "提纲:", "目录:", "提纲 :", "目录 :"],
            pattern: #"^(【提纲】|【目录】|(目录/提纲|提纲|目录)\s*:)"#,
            effects: [.outline]),
        CleaningRule(
            "no text", "a line of symbols only, without a letter, digit or Han character: ×, 】, >",
            scope: .line(maxLength: 40), triggers: [],
            pattern: nil),
    ]
}
