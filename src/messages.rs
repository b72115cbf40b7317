//! The tool's own words in both languages: the language type, message
//! templates with `{name}` placeholders, and one catalogue of every
//! sentence the command line, the renderers and `explain` print. An entry
//! holds both languages, so none can exist in one alone; rule messages
//! live in the rule packs, with the same pairing checked by the pack
//! tests.

use std::str::FromStr;

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        match text {
            "zh" | "zh-CN" | "zh_CN" | "cn" => Ok(Lang::Zh),
            "en" | "en-US" | "en_US" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected zh or en)")),
        }
    }
}

impl Lang {
    /// Joins items of a list as the language writes them (`甲、乙`,
    /// `a, b`).
    #[must_use]
    pub fn join<S: AsRef<str>>(self, items: &[S]) -> String {
        let separator = self.pick("、", ", ");
        let mut out = String::new();
        for (at, item) in items.iter().enumerate() {
            if at > 0 {
                out.push_str(separator);
            }
            out.push_str(item.as_ref());
        }
        out
    }

    /// Picks the text for this language.
    #[must_use]
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Arguments of a message: placeholder name → text.
pub type Args = Vec<(&'static str, String)>;

/// Fills `{name}` placeholders of `template`; `{{` and `}}` are literal
/// braces. A placeholder without an argument is left as written.
#[must_use]
pub fn render(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match args.iter().find(|(key, _)| *key == name) {
                Some((_, value)) => out.push_str(value),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in `template`.
#[must_use]
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                names.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    names
}

/// An entry of the catalogue: the same message in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// The entry's name (for tests and tools).
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl std::fmt::Display for Text {
    /// The English text (what `thiserror` messages show; people see
    /// [`Text::get`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en)
    }
}

impl Text {
    /// The message in `lang`.
    #[must_use]
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// The message in `lang` with its `{name}` placeholders filled.
    #[must_use]
    pub fn fill(self, lang: Lang, args: &[(&str, String)]) -> String {
        render(self.get(lang), args)
    }
}

/// Declares the catalogue: each entry a constant, and `ALL` listing them.
macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident: $zh:literal, $en:literal;)*) => {
        $($(#[$doc])* pub const $name: Text = Text { key: stringify!($name), zh: $zh, en: $en };)*
        /// Every entry, for the tests that hold both languages together.
        pub const ALL: &[Text] = &[$($name),*];
    };
}

catalogue! {
    // Severity words.
    ERROR: "错误", "error";
    WARNING: "警告", "warning";
    INFO: "提示", "info";
    // Categories (design.md's vocabulary; the JSON keeps the English key).
    CATEGORY_PARSE: "解析", "parse";
    CATEGORY_STRUCTURE: "结构", "structure";
    CATEGORY_TABLE: "表格", "table";
    CATEGORY_ARITHMETIC: "算术", "arithmetic";
    CATEGORY_DATE: "日期", "date";
    CATEGORY_TEXT: "文字", "text";
    CATEGORY_CONSISTENCY: "一致性", "consistency";
    /// The total line of the human and short formats.
    SUMMARY: "检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示",
        "{files} {files_word} checked: {errors} error(s), {warnings} warning(s), {infos} info";
    SUMMARY_FAILED: "；{failed} 个文件无法检查", "; {failed} could not be checked";
    // Failures of the tool itself.
    READ: "无法读取 {path}", "cannot read {path}";
    READ_HELP: "请确认文件存在且可读", "check that the file exists and is readable";
    NOT_FOUND: "文件或文件夹不存在", "no such file or directory";
    UNREADABLE_FORMAT: "不读取这种格式（请另存为 .docx）", "a format that is not read (save it as .docx)";
    PERMISSION_DENIED: "没有读取权限", "permission denied";
    IS_A_DIRECTORY: "这是一个文件夹", "is a directory";
    NO_MATCH: "模式 {pattern} 没有匹配到任何文件", "the pattern {pattern} matched no file";
    NO_MATCH_HELP: "请给模式加引号，以免被命令行展开：'**/*.txt'",
        "quote patterns so that the shell does not expand them: '**/*.txt'";
    PATTERN: "模式 {pattern} 无效：{message}", "invalid pattern {pattern}: {message}";
    EXISTS: "{path} 已存在", "{path} already exists";
    EXISTS_HELP: "用 --force 覆盖", "use --force to overwrite it";
    WRITE: "无法写入 {path}", "cannot write {path}";
    WRITE_HELP: "请确认文件夹存在，且文件夹和文件可写",
        "check that the folder exists and that it and the file are writable";
    CHANGED: "{path} 在修改过程中被改动，未写入", "{path} changed while it was being fixed; it was not written";
    CHANGED_HELP: "请在没有其他程序编辑该文件时重新运行", "run the command again once nothing else edits the file";
    NO_REPORTS: "在 {paths} 下没有找到报告文件", "no report file found under {paths}";
    NO_REPORTS_HELP: "会检查的文件：.txt、.docx、.html、.htm（配置文件的 include/exclude 也会起作用）",
        "the files checked are .txt, .docx, .html and .htm (and the configuration's include/exclude apply)";
    NO_REPORTS_SKIPPED: "在 {paths} 下没有找到报告文件（按 --skip-unreadable 跳过了 {skipped} 个无法读取的文件）",
        "no report file found under {paths} ({skipped} unreadable files skipped by --skip-unreadable)";
    UNREAD_HINT: "文件夹中有 {count} 个文件的格式无法读取（{kinds}），已逐个列出；请另存为 .docx 后再检查，或加 --skip-unreadable 只检查其余文件",
        "{count} files in the folders are in formats that are not read ({kinds}), each listed above; save them as .docx and check again, or add --skip-unreadable to check the others alone";
    UNREAD_SKIPPED: "按 --skip-unreadable 跳过了 {count} 个无法读取的文件（{kinds}）",
        "skipped {count} files in formats that are not read ({kinds}), as --skip-unreadable says";
    NO_INPUT: "没有给出要检查的文件", "no input files";
    NO_INPUT_HELP: "请给出报告文件、文件夹或加引号的模式，如 `xxgk-lint check reports/`",
        "give report files, folders or quoted glob patterns, e.g. `xxgk-lint check reports/`";
    UNSAFE_ALONE: "--unsafe-fixes 只选择 --fix 或 --diff 应用哪些修复",
        "--unsafe-fixes only chooses which fixes --fix or --diff apply";
    UNSAFE_ALONE_HELP: "加 --fix 应用修复，或加 --diff 查看修复", "add --fix to apply them, or --diff to see them";
    UNKNOWN_SELECTOR: "`{selector}`（--select / --ignore）不是规则代码，也不是任何代码的开头",
        "`{selector}` (--select / --ignore) is no rule code nor the start of one";
    UNKNOWN_SELECTOR_HELP: "`xxgk-lint rules` 列出所有代码；前缀（如 GK3）须是某个代码的开头",
        "`xxgk-lint rules` lists the codes; a prefix (GK3) must begin at least one";
    UNKNOWN_RULE: "没有代码或名称为 `{code}` 的规则", "no rule has the code or name `{code}`";
    UNKNOWN_RULE_HELP: "`xxgk-lint rules` 列出所有规则", "`xxgk-lint rules` lists the codes";
    WROTE: "已写入 {path}", "wrote {path}";
    BASELINE_WROTE: "已将 {count} 条检查结果写入 {path}", "wrote {count} finding(s) to {path}";
    // `rules`.
    RULES_HEADER: "代码|名称|类别|级别|来源|说明", "code|name|category|severity|origin|summary";
    PACK_OK: "{path}：没有问题", "{path}: ok";
    PACK_PROBLEMS: "发现 {count} 个问题", "{count} problem(s) found";
    // `explain`.
    EXPLAIN_CATEGORY: "类别：", "category: ";
    EXPLAIN_SEVERITY: "默认级别：", "default severity: ";
    EXPLAIN_KIND: "机制：", "kind: ";
    EXPLAIN_ORIGIN: "来源：", "defined in: ";
    EXPLAIN_WHY: "原因：", "Why: ";
    EXPLAIN_HOW: "机制说明：", "How: ";
    EXPLAIN_MESSAGE: "提示信息：", "Message: ";
    EXPLAIN_HELP: "修改建议：", "Help: ";
    EXPLAIN_WHEN: "适用条件：", "Applies when: ";
    EXPLAIN_PARAMS: "参数：", "Parameters:";
    EXPLAIN_BAD: "错误示例：", "Bad example:";
    EXPLAIN_GOOD: "正确示例：", "Good example:";
    EXPLAIN_DOCS: "文档：", "Docs: ";
    WHEN_MIN_YEAR: "报告年度 ≥ {year}", "report year ≥ {year}";
    WHEN_MAX_YEAR: "报告年度 ≤ {year}", "report year ≤ {year}";
    WHEN_TEMPLATE: "模板为 {list}", "template {list}";
    WHEN_AGENCY_KIND: "机关类型为 {list}", "agency kind {list}";
    WHEN_AGENCY_LEVEL: "机关层级为 {list}", "agency level {list}";
    WHEN_OR: " 或 ", " or ";
    // The cross-report pass (`check --statistics`).
    ARCHIVE_STATISTICS: "跨年度核对：{compared} 份报告与同一机关上一年度报告比较；{without} 份没有上一年度报告（跨年度规则未检查）；{unidentified} 份未能识别机关或年度；{not_evaluated} 处因单元格空白或非数字未核对",
        "cross-year: {compared} report(s) compared with last year's report of the same agency; {without} without last year's report (cross-year rules not checked); {unidentified} without a known agency or year; {not_evaluated} comparison(s) not made (blank or text cells)";
    ARCHIVE_DUPLICATE: "  {id} {year}年有多份报告，只用第一份：{files}", "  {id} {year}: several reports, the first is used: {files}";
    // What a file is, when it is not what its name says.
    IS_XLSX: "Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)";
    IS_PPTX: "PowerPoint 演示文稿（.pptx）", "a PowerPoint presentation (.pptx)";
    IS_ODF: "OpenDocument 文件（.odt/.ods）", "an OpenDocument file (.odt/.ods)";
    IS_XPS: "XPS/OFD 版式文档", "an XPS/OFD document";
    IS_ZIP: "zip 压缩包", "a zip archive";
    IS_WEB_PAGE: "网页", "a web page";
    IS_TEXT: "文本文件", "a text file";
    // Configuration and rule packs (the details of a TOML syntax error
    // are the TOML reader's).
    CONFIG_READ: "无法读取配置文件 {path}", "cannot read configuration {path}";
    CONFIG_INVALID: "配置文件无效：{message}", "invalid configuration: {message}";
    CONFIG_PACKS: "规则包无效：{path}", "invalid rule packs {path}";
    PACK_INVALID: "规则包无效（{count} 个问题）", "invalid rule pack ({count} problem(s))";
    PACK_READ: "无法读取规则包 {path}", "cannot read rule pack {path}";
    PACK_READ_HELP: "请检查 `extends` 或命令行中的路径", "check the path in `extends` or on the command line";
    PACK_UNKNOWN: "没有名为 `{name}` 的内置规则包", "unknown built-in pack `{name}`";
    PACK_UNKNOWN_HELP: "内置规则包：national、national-2019、national-2021",
        "built-in packs: national, national-2019, national-2021";
}

/// A diagnostic shown with its message (and help) in the user's language
/// and everything else (code, source, labels, related problems) its own.
pub struct Translated {
    inner: Box<dyn miette::Diagnostic + Send + Sync>,
    message: String,
    help: Option<String>,
    related: Vec<Translated>,
}

impl Translated {
    /// `inner` with `message` (and `help`, when given) in place of its
    /// own.
    #[must_use]
    pub fn new(
        inner: impl miette::Diagnostic + Send + Sync + 'static,
        message: String,
        help: Option<String>,
    ) -> Translated {
        Translated {
            inner: Box::new(inner),
            message,
            help,
            related: Vec::new(),
        }
    }

    /// Shows `related` in place of the inner diagnostic's related ones.
    #[must_use]
    pub fn with_related(mut self, related: Vec<Translated>) -> Translated {
        self.related = related;
        self
    }
}

impl std::fmt::Debug for Translated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for Translated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Translated {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

impl miette::Diagnostic for Translated {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        match &self.help {
            Some(help) => Some(Box::new(help)),
            None => self.inner.help(),
        }
    }

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return self.inner.related();
        }
        Some(Box::new(
            self.related
                .iter()
                .map(|related| related as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_han(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Every entry says the same in both languages: both present, the
    /// Chinese in Chinese, the English without Chinese, the same
    /// placeholders.
    #[test]
    fn every_entry_has_both_languages() {
        for text in ALL {
            assert!(!text.zh.trim().is_empty(), "{}: no Chinese", text.key);
            assert!(!text.en.trim().is_empty(), "{}: no English", text.key);
            assert!(
                has_han(text.zh) || text.zh.trim() == "或",
                "{}: the Chinese text is not Chinese",
                text.key
            );
            assert!(
                !has_han(text.en),
                "{}: the English text has Chinese",
                text.key
            );
            let zh = sorted(placeholders(text.zh));
            let en = sorted(placeholders(text.en));
            let en: Vec<&str> = en
                .into_iter()
                .filter(|name| !name.ends_with("_word"))
                .collect();
            assert_eq!(zh, en, "{}: placeholders differ", text.key);
        }
    }

    #[test]
    fn keys_are_unique() {
        let keys = sorted(ALL.iter().map(|text| text.key).collect());
        assert_eq!(keys.len(), ALL.len());
    }

    #[test]
    fn fills_placeholders() {
        let args = vec![
            ("row", "（七）总计".to_string()),
            ("expected", "3".to_string()),
        ];
        assert_eq!(
            render("“{row}”应为 {expected}", &args),
            "“（七）总计”应为 3"
        );
        assert_eq!(
            render("{{literal}} {missing}", &args),
            "{literal} {missing}"
        );
        assert_eq!(
            placeholders("a {row} b {{x}} {expected}"),
            vec!["row", "expected"]
        );
    }
}
