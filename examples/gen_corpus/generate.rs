//! A deterministic generator of realistic annual reports, with a manifest
//! of the errors injected into some of them.
//!
//! Shared by the `gen_corpus` example (which writes a corpus to disk), the
//! manifest test (`tests/generated_corpus.rs`) and the benchmarks, which
//! include this file with `#[path]`.
//!
//! Every report is a function of `(seed, index)` alone: the same pair
//! gives the same bytes on every machine (a SplitMix64 generator, no
//! platform or crate-version dependent randomness).
//!
//! A clean report is consistent: every identity of the national packs
//! holds (table 三 column balance, row totals and results total, table 四
//! group totals), narrative breakdowns add up and the narrative numbers
//! restate the tables. An injected report carries exactly one error, and
//! the manifest says which rule must find it and on which line.
#![allow(dead_code)]

use std::fmt::Write as _;

// ------------------------------------------------------------------ random

/// SplitMix64: small, fast, and stable across platforms.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of report `index` of a corpus with `seed`.
    pub fn for_report(seed: u64, index: usize) -> Rng {
        let mut rng = Rng(seed ^ 0x5157_4b47_2d4c_494e);
        let _ = rng.next();
        Rng(rng.next() ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        low + self.next() % (high - low + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    pub fn index(&mut self, len: usize) -> usize {
        self.next() as usize % len
    }
}

// ------------------------------------------------------------------- specs

/// How the tables are laid out (domain.md §11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Word → text: one TAB-indented cell per line, a blank line between rows.
    Indented,
    /// Web page: one cell per paragraph, no row markers.
    Paragraph,
    /// Web page: `label | v | v |` rows.
    PipeRows,
    /// Web page: one cell per line ending in `|`, `||||` filler lines.
    PipePerLine,
    /// PDF: TAB-separated rows.
    TabRows,
    /// PDF: space-separated rows.
    SpaceRows,
}

pub const LAYOUTS: [Layout; 6] = [
    Layout::Indented,
    Layout::Paragraph,
    Layout::PipeRows,
    Layout::PipePerLine,
    Layout::TabRows,
    Layout::SpaceRows,
];

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Indented => "indented",
            Layout::Paragraph => "paragraph",
            Layout::PipeRows => "pipe-rows",
            Layout::PipePerLine => "pipe-per-line",
            Layout::TabRows => "tab-rows",
            Layout::SpaceRows => "space-rows",
        }
    }
}

/// The kind of reporting body (decides names, scale and deadlines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    Township,
    County,
    City,
    Department,
}

/// An error written into a report on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injection {
    /// arithmetic: a row total of table 三 off by a few.
    RowTotal,
    /// arithmetic: a group total of table 四 off by a few.
    ReviewTotal,
    /// date: signed before the report year ended.
    SignedEarly,
    /// date: the statistics period of the previous year.
    PeriodYear,
    /// structure: section 五 or 六 left out.
    DropSection,
    /// table: a blank cell in table 三.
    BlankCell,
    /// text: a word written twice.
    DoubledWord,
    /// text: conversion debris.
    Debris,
    /// text: a narrative breakdown that does not add up.
    BreakdownSum,
    /// consistency: a narrative count that differs from the table.
    NarrativeCount,
}

pub const INJECTIONS: [Injection; 10] = [
    Injection::RowTotal,
    Injection::ReviewTotal,
    Injection::SignedEarly,
    Injection::PeriodYear,
    Injection::DropSection,
    Injection::BlankCell,
    Injection::DoubledWord,
    Injection::Debris,
    Injection::BreakdownSum,
    Injection::NarrativeCount,
];

impl Injection {
    pub fn name(self) -> &'static str {
        match self {
            Injection::RowTotal => "row-total",
            Injection::ReviewTotal => "review-total",
            Injection::SignedEarly => "signed-early",
            Injection::PeriodYear => "period-year",
            Injection::DropSection => "drop-section",
            Injection::BlankCell => "blank-cell",
            Injection::DoubledWord => "doubled-word",
            Injection::Debris => "debris",
            Injection::BreakdownSum => "breakdown-sum",
            Injection::NarrativeCount => "narrative-count",
        }
    }

    pub fn category(self) -> &'static str {
        match self {
            Injection::RowTotal | Injection::ReviewTotal => "arithmetic",
            Injection::SignedEarly | Injection::PeriodYear => "date",
            Injection::DropSection => "structure",
            Injection::BlankCell => "table",
            Injection::DoubledWord | Injection::Debris | Injection::BreakdownSum => "text",
            Injection::NarrativeCount => "consistency",
        }
    }
}

/// Everything that decides one report.
#[derive(Clone, Debug)]
pub struct Spec {
    pub seed: u64,
    pub index: usize,
    pub year: i32,
    pub body: Body,
    pub layout: Layout,
    /// Approximate size in bytes.
    pub target_bytes: usize,
    /// Hard-wrap the narrative at this many characters (PDF text).
    pub wrap: Option<usize>,
    pub injection: Option<Injection>,
    /// Windows line endings (a page saved on Windows).
    pub crlf: bool,
}

/// Share of reports with an injected error, in percent.
pub const INJECTED_PERCENT: u64 = 20;

/// The spec of report `index` of a corpus generated with `seed`.
pub fn spec_for(seed: u64, index: usize) -> Spec {
    let mut rng = Rng::for_report(seed, index);
    let year = 2019 + rng.range(0, 5) as i32;
    let body = match rng.range(0, 99) {
        0..=44 => Body::Township,
        45..=64 => Body::County,
        65..=67 => Body::City,
        _ => Body::Department,
    };
    let layout = *rng.pick(&LAYOUTS);
    // City reports are long (about 200 KB); the others 5–40 KB, more small
    // than large (log-uniform).
    let target_bytes = if body == Body::City {
        rng.range(170_000, 230_000) as usize
    } else {
        let exponent = rng.range(0, 1000) as f64 / 1000.0;
        (5_000.0 * 8f64.powf(exponent)) as usize
    };
    let wrap =
        matches!(layout, Layout::TabRows | Layout::SpaceRows).then(|| rng.range(26, 40) as usize);
    let injection = rng.chance(INJECTED_PERCENT).then(|| *rng.pick(&INJECTIONS));
    let crlf = rng.chance(5);
    Spec {
        seed,
        index,
        year,
        body,
        layout,
        target_bytes,
        wrap,
        injection,
        crlf,
    }
}

// ----------------------------------------------------------------- outputs

/// A finding the linter must report on an injected report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub injection: &'static str,
    pub code: &'static str,
    pub category: &'static str,
    /// 1-based line.
    pub line: usize,
}

/// One generated report.
#[derive(Clone, Debug)]
pub struct Generated {
    pub name: String,
    pub spec: Spec,
    pub agency: String,
    pub text: String,
    pub expected: Vec<Expected>,
}

impl Generated {
    pub fn template(&self) -> &'static str {
        if self.spec.year >= 2021 {
            "gov-2021"
        } else {
            "gov-2019"
        }
    }
}

/// Report `index` of the corpus generated with `seed`.
pub fn generate_report(seed: u64, index: usize) -> Generated {
    generate(&spec_for(seed, index))
}

/// The report described by `spec`.
pub fn generate(spec: &Spec) -> Generated {
    let mut rng = Rng::for_report(spec.seed, spec.index);
    // Draw the spec's own numbers first so that the content does not depend
    // on how the spec was made.
    for _ in 0..8 {
        rng.next();
    }
    let facts = Facts::new(spec, &mut rng);
    // Pass one without filler measures the fixed part; pass two adds prose
    // up to the target size. Both passes use the same random stream.
    let base = Builder::new(spec, &facts, rng.clone(), 0).build();
    let missing = spec.target_bytes.saturating_sub(base.text.len());
    let mut paragraphs = missing / AVERAGE_PARAGRAPH_BYTES;
    let mut built = Builder::new(spec, &facts, rng.clone(), paragraphs).build();
    // Paragraph sizes vary with the pools: correct the estimate once.
    let per_paragraph = built.text.len().saturating_sub(base.text.len()) / paragraphs.max(1);
    if paragraphs > 0 && per_paragraph > 0 {
        paragraphs = missing / per_paragraph;
        built = Builder::new(spec, &facts, rng, paragraphs).build();
    }
    built.name = format!("r{:05}.txt", spec.index);
    if spec.crlf {
        built.text = built.text.replace('\n', "\r\n");
    }
    built
}

/// The long report of the benchmarks: a 200 KB city report hard-wrapped
/// like PDF text into more than 3,000 lines.
pub fn long_report() -> String {
    let mut spec = spec_for(9, 0);
    spec.body = Body::City;
    spec.layout = Layout::Indented;
    spec.target_bytes = 200_000;
    spec.wrap = Some(22);
    spec.injection = None;
    spec.crlf = false;
    let report = generate(&spec);
    assert!(report.text.lines().count() >= 3_000);
    report.text
}

/// Bytes of an average filler paragraph (3–5 sentences).
const AVERAGE_PARAGRAPH_BYTES: usize = 420;

// ------------------------------------------------------------------- facts

/// The reporting body and the numbers of one report.
struct Facts {
    agency: String,
    /// How the report refers to the body (我镇, 我局).
    me: &'static str,
    superior: &'static str,
    template_2021: bool,
    active: Vec<ActiveRow>,
    /// Table 三: row key → 7 values (six applicant columns and the total).
    applications: Vec<(&'static str, [u64; 7])>,
    /// Table 四: 15 values.
    reviews: [u64; 15],
    /// The breakdown of what was published (主动公开).
    published: Vec<(&'static str, u64)>,
    signed: (i32, u32, u32),
    fee_yuan: u64,
}

/// A row of table 二: key, label and the cells as written.
struct ActiveRow {
    caption: &'static str,
    headers: &'static [&'static str],
    label: &'static str,
    cells: Vec<String>,
}

const PLACES: [&str; 32] = [
    "青山", "白水", "桃源", "石门", "龙泉", "金沙", "永安", "清河", "长乐", "平山", "河口", "新华",
    "东湖", "西岭", "南塘", "北关", "云溪", "凤凰", "安宁", "兴隆", "太平", "双桥", "梅林", "柳溪",
    "高桥", "黄土", "红星", "望城", "临江", "丰收", "杨柳", "松林",
];
const COUNTIES: [&str; 12] = [
    "江北", "城南", "临川", "安化", "宁远", "通山", "武宁", "宜丰", "石城", "兴国", "嘉禾", "汝城",
];
const CITIES: [&str; 8] = [
    "淮江", "云州", "临海", "宁川", "江城", "南平", "东阳", "荆川",
];
const DEPARTMENTS: [(&str, &str); 14] = [
    ("自然资源和规划局", "我局"),
    ("教育局", "我局"),
    ("财政局", "我局"),
    ("民政局", "我局"),
    ("生态环境局", "我局"),
    ("交通运输局", "我局"),
    ("卫生健康委员会", "我委"),
    ("市场监督管理局", "我局"),
    ("住房和城乡建设局", "我局"),
    ("人力资源和社会保障局", "我局"),
    ("农业农村局", "我局"),
    ("审计局", "我局"),
    ("发展和改革委员会", "我委"),
    ("人民政府办公室", "本机关"),
];

const REGULAR_CATEGORIES: [&str; 10] = [
    "机构职能类信息",
    "规划计划类信息",
    "政策文件类信息",
    "工作动态类信息",
    "财政预决算类信息",
    "人事信息",
    "重大项目类信息",
    "民生保障类信息",
    "通知公告",
    "其他信息",
];

impl Facts {
    fn new(spec: &Spec, rng: &mut Rng) -> Facts {
        let (agency, me, superior) = match spec.body {
            Body::Township => {
                let place = *rng.pick(&PLACES);
                let county = *rng.pick(&COUNTIES);
                match rng.range(0, 4) {
                    0 => (
                        format!("{county}县{place}镇人民政府"),
                        "我镇",
                        "县委、县政府",
                    ),
                    1 => (format!("{place}乡人民政府"), "我乡", "县委、县政府"),
                    2 => (format!("{place}街道办事处"), "本街道", "区委、区政府"),
                    3 => (
                        format!("{county}区{place}街道办事处"),
                        "本街道",
                        "区委、区政府",
                    ),
                    _ => (format!("{place}镇人民政府"), "我镇", "县委、县政府"),
                }
            }
            Body::County => {
                let county = *rng.pick(&COUNTIES);
                if rng.chance(50) {
                    (format!("{county}县人民政府"), "我县", "市委、市政府")
                } else {
                    (format!("{county}区人民政府"), "我区", "市委、市政府")
                }
            }
            Body::City => (
                format!("{}市人民政府", rng.pick(&CITIES)),
                "我市",
                "省委、省政府",
            ),
            Body::Department => {
                let (department, me) = *rng.pick(&DEPARTMENTS);
                if rng.chance(50) {
                    (
                        format!("{}市{department}", rng.pick(&CITIES)),
                        me,
                        "市委、市政府",
                    )
                } else {
                    (
                        format!("{}县{department}", rng.pick(&COUNTIES)),
                        me,
                        "县委、县政府",
                    )
                }
            }
        };
        let template_2021 = spec.year >= 2021;
        let scale = match spec.body {
            Body::Township => 1,
            Body::County | Body::Department => 20,
            Body::City => 600,
        };
        let active = active_rows(spec, rng, template_2021);
        let applications = applications(rng, template_2021, scale);
        let reviews = reviews(rng, scale);
        let total_published = match spec.body {
            Body::Township => rng.range(40, 400),
            Body::County | Body::Department => rng.range(200, 3000),
            Body::City => rng.range(3000, 12000),
        };
        let published = breakdown(rng, total_published);
        // Signed in the following year, before the statutory deadline:
        // departments by 31 January, governments by 31 March (township: no
        // statutory date, local rules usually say February).
        let month = match spec.body {
            Body::Department => 1,
            Body::Township => rng.range(1, 2) as u32,
            Body::County | Body::City => rng.range(1, 3) as u32,
        };
        let day = rng.range(5, 28) as u32;
        let fee_yuan = if rng.chance(80) {
            0
        } else {
            rng.range(1, 90) * 10
        };
        Facts {
            agency,
            me,
            superior,
            template_2021,
            active,
            applications,
            reviews,
            published,
            signed: (spec.year + 1, month, day),
            fee_yuan,
        }
    }

    fn application(&self, key: &str) -> &[u64; 7] {
        &self
            .applications
            .iter()
            .find(|(row, _)| *row == key)
            .expect("known row")
            .1
    }

    fn active_value(&self, label: &str, column: usize) -> Option<&str> {
        self.active
            .iter()
            .find(|row| row.label == label)
            .and_then(|row| row.cells.get(column))
            .map(String::as_str)
    }
}

fn active_rows(spec: &Spec, rng: &mut Rng, template_2021: bool) -> Vec<ActiveRow> {
    let city = spec.body == Body::City;
    let (decisions_low, decisions_high) = match spec.body {
        Body::Township => (0, 60),
        Body::County | Body::Department => (50, 6000),
        Body::City => (5000, 500_000),
    };
    let mut rows = Vec::new();
    if template_2021 {
        const DOCUMENTS: &[&str] = &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"];
        const DECISIONS: &[&str] = &["信息内容", "本年处理决定数量"];
        const FEES: &[&str] = &["信息内容", "本年收费金额（单位：万元）"];
        let regulations = if city {
            let issued = rng.range(0, 4);
            let repealed = rng.range(0, 2);
            [issued, repealed, issued + rng.range(5, 40)]
        } else {
            [0, 0, 0]
        };
        let issued = rng.range(0, 12);
        let normative = [issued, rng.range(0, 6), issued + rng.range(0, 60)];
        for (label, values) in [("规章", regulations), ("行政规范性文件", normative)] {
            rows.push(ActiveRow {
                caption: "第二十条第（一）项",
                headers: DOCUMENTS,
                label,
                cells: values.iter().map(u64::to_string).collect(),
            });
        }
        for (caption, label) in [
            ("第二十条第（五）项", "行政许可"),
            ("第二十条第（六）项", "行政处罚"),
            ("第二十条第（六）项", "行政强制"),
        ] {
            let value = if label == "行政强制" {
                rng.range(0, decisions_high / 50)
            } else {
                rng.range(decisions_low, decisions_high)
            };
            rows.push(ActiveRow {
                caption,
                headers: DECISIONS,
                label,
                cells: vec![value.to_string()],
            });
        }
        let fees = if rng.chance(60) {
            "0".to_string()
        } else {
            format!("{}.{:02}", rng.range(0, 900), rng.range(0, 99))
        };
        rows.push(ActiveRow {
            caption: "第二十条第（八）项",
            headers: FEES,
            label: "行政事业性收费",
            cells: vec![fees],
        });
    } else {
        const DOCUMENTS: &[&str] = &[
            "信息内容",
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
        ];
        const ITEMS: &[&str] = &["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"];
        const FEES: &[&str] = &["信息内容", "上一年项目数量", "本年增/减"];
        const PROCUREMENT: &[&str] = &["信息内容", "采购项目数量", "采购总金额"];
        let documents = |rng: &mut Rng, nonzero: bool| {
            if !nonzero {
                return [0, 0, 0];
            }
            let made = rng.range(0, 12);
            let published = rng.range(0, made);
            [made, published, published + rng.range(0, 80)]
        };
        let regulations = documents(rng, city);
        let normative = documents(rng, true);
        for (label, values) in [("规章", regulations), ("规范性文件", normative)] {
            rows.push(ActiveRow {
                caption: "第二十条第（一）项",
                headers: DOCUMENTS,
                label,
                cells: values.iter().map(u64::to_string).collect(),
            });
        }
        let change = |rng: &mut Rng| match rng.range(0, 3) {
            0 => format!("+{}", rng.range(1, 9)),
            1 => format!("-{}", rng.range(1, 9)),
            _ => "0".to_string(),
        };
        for (caption, label) in [
            ("第二十条第（五）项", "行政许可"),
            ("第二十条第（五）项", "其他对外管理服务事项"),
            ("第二十条第（六）项", "行政处罚"),
            ("第二十条第（六）项", "行政强制"),
        ] {
            let items = rng.range(0, 300);
            let decisions = if label == "行政强制" {
                rng.range(0, decisions_high / 50)
            } else {
                rng.range(decisions_low, decisions_high)
            };
            rows.push(ActiveRow {
                caption,
                headers: ITEMS,
                label,
                cells: vec![items.to_string(), change(rng), decisions.to_string()],
            });
        }
        rows.push(ActiveRow {
            caption: "第二十条第（八）项",
            headers: FEES,
            label: "行政事业性收费",
            cells: vec![rng.range(0, 20).to_string(), change(rng)],
        });
        let items = rng.range(0, 40);
        let amount = if items == 0 {
            "0".to_string()
        } else {
            format!("{}.{}万元", rng.range(1, 2000), rng.range(0, 9))
        };
        rows.push(ActiveRow {
            caption: "第二十条第（九）项",
            headers: PROCUREMENT,
            label: "政府集中采购",
            cells: vec![items.to_string(), amount],
        });
    }
    rows
}

/// Rows of table 三 in order, with their group labels.
const APPLICATION_ROWS: [(&str, Option<&str>, &str); 25] = [
    ("new", None, "一、本年新收政府信息公开申请数量"),
    ("carried_in", None, "二、上年结转政府信息公开申请数量"),
    ("granted", Some("三、本年度办理结果"), "（一）予以公开"),
    (
        "partial",
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("denied_secret", Some("（三）不予公开"), "1.属于国家秘密"),
    ("denied_law", None, "2.其他法律行政法规禁止公开"),
    ("denied_safety", None, "3.危及“三安全一稳定”"),
    ("denied_third_party", None, "4.保护第三方合法权益"),
    ("denied_internal", None, "5.属于三类内部事务信息"),
    ("denied_process", None, "6.属于四类过程性信息"),
    ("denied_enforcement", None, "7.属于行政执法案卷"),
    ("denied_query", None, "8.属于行政查询事项"),
    (
        "unable_not_held",
        Some("（四）无法提供"),
        "1.本机关不掌握相关政府信息",
    ),
    ("unable_needs_creation", None, "2.没有现成信息需要另行制作"),
    ("unable_unclear", None, "3.补正后申请内容仍不明确"),
    (
        "rejected_petition",
        Some("（五）不予处理"),
        "1.信访举报投诉类申请",
    ),
    ("rejected_duplicate", None, "2.重复申请"),
    ("rejected_publication", None, "3.要求提供公开出版物"),
    ("rejected_mass", None, "4.无正当理由大量反复申请"),
    (
        "rejected_confirm",
        None,
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    // gov-2019 has one row （六）其他处理; gov-2021 three under that group.
    (
        "other_no_correction",
        Some("（六）其他处理"),
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_no_fee",
        None,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_misc", None, "3.其他"),
    ("results_total", None, "（七）总计"),
    ("carried_out", None, "四、结转下年度继续办理"),
];

/// The rows of table 三 of a format: (key, group label, row label).
fn application_rows(
    template_2021: bool,
) -> Vec<(&'static str, Option<&'static str>, &'static str)> {
    let mut rows = Vec::new();
    for row in APPLICATION_ROWS {
        if !template_2021 && row.0 == "other_no_correction" {
            rows.push(("other_handling", None, "（六）其他处理"));
            continue;
        }
        if !template_2021 && matches!(row.0, "other_no_fee" | "other_misc") {
            continue;
        }
        rows.push(row);
    }
    rows
}

fn is_result_row(key: &str) -> bool {
    !matches!(key, "new" | "carried_in" | "results_total" | "carried_out")
}

fn applications(rng: &mut Rng, template_2021: bool, scale: u64) -> Vec<(&'static str, [u64; 7])> {
    let rows = application_rows(template_2021);
    let mut table: Vec<(&'static str, [u64; 7])> =
        rows.iter().map(|(key, _, _)| (*key, [0; 7])).collect();
    let quiet = scale == 1 && rng.chance(35);
    // Applicants: mostly natural persons, then businesses.
    let shares = [100, 25, 2, 2, 6, 4];
    let result_rows: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, (key, _, _))| is_result_row(key))
        .map(|(at, _)| at)
        .collect();
    for (column, share) in shares.iter().enumerate() {
        let high = scale * share / 10;
        let new = if quiet || (column > 0 && rng.chance(50)) {
            0
        } else {
            rng.range(0, high.max(if column == 0 { 6 } else { 1 }))
        };
        let carried_in = if rng.chance(70) {
            0
        } else {
            rng.range(0, (new / 10).max(1))
        };
        let pool = new + carried_in;
        let carried_out = if pool == 0 || rng.chance(60) {
            0
        } else {
            rng.range(0, pool / 8 + 1).min(pool)
        };
        let results = pool - carried_out;
        table[0].1[column] = new;
        table[1].1[column] = carried_in;
        let total_row = rows.len() - 2;
        table[total_row].1[column] = results;
        table[rows.len() - 1].1[column] = carried_out;
        // Share the results out: most granted, then not held, then the rest.
        let mut left = results;
        let granted = left * rng.range(30, 70) / 100;
        table[result_rows[0]].1[column] += granted;
        left -= granted;
        while left > 0 {
            let chunk = rng.range(1, left.div_ceil(3).max(1));
            let row = if rng.chance(40) {
                result_rows[rng.index(result_rows.len())]
            } else {
                // 1.本机关不掌握相关政府信息 or 部分公开 are common.
                *rng.pick(&[result_rows[1], result_rows[10]])
            };
            table[row].1[column] += chunk;
            left -= chunk;
        }
    }
    for row in &mut table {
        row.1[6] = row.1[..6].iter().sum();
    }
    table
}

fn reviews(rng: &mut Rng, scale: u64) -> [u64; 15] {
    let mut values = [0u64; 15];
    for group in 0..3 {
        if scale == 1 && rng.chance(85) || rng.chance(30) {
            continue;
        }
        let high = (scale / 4).max(2) / (group as u64 + 1);
        for result in 0..4 {
            values[group * 5 + result] = if rng.chance(50) {
                0
            } else {
                rng.range(0, high)
            };
        }
        values[group * 5 + 4] = values[group * 5..group * 5 + 4].iter().sum();
    }
    values
}

/// A total split into 3–6 named parts.
fn breakdown(rng: &mut Rng, total: u64) -> Vec<(&'static str, u64)> {
    let count = rng.range(3, 6) as usize;
    let mut names: Vec<&'static str> = Vec::new();
    while names.len() < count {
        let name = *rng.pick(&REGULAR_CATEGORIES);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut parts = Vec::new();
    let mut left = total;
    for (at, name) in names.iter().enumerate() {
        // Every part at least 1: a category with nothing published is not
        // listed.
        let value = if at + 1 == count {
            left
        } else {
            let share = (left * rng.range(10, 45) / 100).clamp(1, left - 1);
            left -= share;
            share
        };
        parts.push((*name, value));
    }
    parts
}

// ------------------------------------------------------------------ prose

/// Sentences of the narrative, by topic. No digits: numbers are written
/// only by the sentences that restate the tables.
const ACTIVE_PROSE: [&str; 10] = [
    "围绕重点领域信息公开要求，及时发布财政预决算、重大建设项目、公共资源配置、社会公益事业等信息。",
    "严格落实政策解读与政策文件同步组织、同步审签、同步部署要求，通过图文、问答等形式解读重要政策。",
    "持续做好权责清单、办事指南、服务事项等基础信息的更新维护，确保信息准确完整。",
    "围绕群众关注的教育、医疗、就业、社会保障等民生事项，主动发布相关政策和工作动态。",
    "对涉及群众切身利益的重要事项，通过公告栏、微信公众号等渠道及时告知。",
    "加强政务舆情回应，对社会关注的热点问题及时发声，正确引导社会预期。",
    "围绕优化营商环境，集中公开涉企政策、办事流程和市场监管信息。",
    "聚焦乡村振兴、生态环境保护、安全生产等领域，及时公开工作部署和推进情况。",
    "推进行政执法公示制度落实，及时公开执法主体、执法依据和执法结果。",
    "加大财政资金使用情况公开力度，主动接受社会监督。",
];
const REQUEST_PROSE: [&str; 6] = [
    "进一步规范依申请公开登记、审核、办理、答复等各环节流程，严格按照法定时限答复申请人。",
    "加强与申请人的沟通联系，准确了解申请人的信息需求，提高答复的针对性和规范性。",
    "建立依申请公开工作台账，对每件申请的办理情况实行全程跟踪。",
    "对答复文书进行合法性审查，确保答复内容准确、依据充分、程序规范。",
    "对申请内容不明确的，及时告知申请人作出补正，并说明需要补正的事项。",
    "严格执行政府信息公开申请办理工作规程，做到件件有登记、事事有回音。",
];
const MANAGEMENT_PROSE: [&str; 6] = [
    "严格执行政府信息公开保密审查制度，坚持先审查、后公开，一事一审、全面审查。",
    "定期对已公开的政府信息进行清理，及时调整不宜继续公开的信息。",
    "规范政府信息公开属性源头认定，在公文办理环节明确公开方式。",
    "动态调整主动公开基本目录，推动政府信息管理制度化、规范化。",
    "严格落实政府信息发布审核流程，防止泄露国家秘密和个人隐私。",
    "规范政府公报的编辑和发行，及时刊登规范性文件和政策解读材料。",
];
const PLATFORM_PROSE: [&str; 6] = [
    "持续优化政府网站信息公开专栏设置，完善栏目分类，提高信息检索的便捷性。",
    "加强政务新媒体管理，严格落实信息发布审核制度，确保发布内容准确规范。",
    "在便民服务中心设置政府信息公开查阅点，方便群众就近查阅政府信息。",
    "推动公开事项向村社区延伸，利用村务公开栏及时发布与群众相关的信息。",
    "通过政府开放日、新闻发布会等形式，邀请群众代表参与政务活动。",
    "积极推进政策咨询服务，在政务服务大厅设立政策咨询窗口。",
];
const OVERSIGHT_PROSE: [&str; 7] = [
    "成立政务公开工作领导小组，明确分管领导和专职人员，形成一级抓一级、层层抓落实的工作格局。",
    "将政务公开工作纳入年度绩效考核，定期开展督促检查，及时通报存在的问题。",
    "组织工作人员参加政务公开业务培训，提升工作人员的业务能力和服务水平。",
    "畅通社会评议渠道，认真听取群众意见建议，主动接受社会监督。",
    "本年度未发生因政府信息公开工作被追究责任的情况。",
    "认真办理人大代表建议和政协委员提案，按规定公开办理复文。",
    "坚持以人民为中心的发展思想，把政务公开作为建设法治政府、服务型政府的重要抓手。",
];
const PROBLEMS: [&str; 5] = [
    "一是政策解读的形式还不够丰富，图解、视频等解读方式运用较少。",
    "二是部分栏目信息更新不够及时，内容的全面性有待加强。",
    "三是工作人员业务水平有待提高，对政府信息公开条例的理解还不够深入。",
    "四是主动回应社会关切的意识还需增强。",
    "五是基层政务公开标准化规范化建设仍有差距。",
];
const IMPROVEMENTS: [&str; 5] = [
    "进一步丰富政策解读形式，提高解读材料的可读性。",
    "加强栏目日常维护，确保信息发布及时、准确、完整。",
    "定期组织业务培训，不断提升工作人员的业务能力。",
    "健全舆情收集和回应机制，及时回应群众关切。",
    "推进基层政务公开标准化规范化，拓展公开领域。",
];
const CITY_SUBHEADINGS: [&str; 6] = [
    "深化重点领域信息公开",
    "强化政策解读和回应关切",
    "提升政务服务便利化水平",
    "加强公开制度建设",
    "推进基层政务公开",
    "优化公开平台功能",
];

// ----------------------------------------------------------------- writing

/// Text with line bookkeeping (lines are 1-based).
struct Writer {
    out: String,
    /// The line being written.
    line: usize,
    /// Content of the line being written so far is only spaces.
    line_blank: bool,
    /// The last line with content (a line of TABs or pipes counts).
    last_content: usize,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            out: String::new(),
            line: 1,
            line_blank: true,
            last_content: 0,
        }
    }

    fn push(&mut self, text: &str) {
        for ch in text.chars() {
            if ch == '\n' {
                if !self.line_blank {
                    self.last_content = self.line;
                }
                self.line += 1;
                self.line_blank = true;
            } else if !is_space(ch) {
                self.line_blank = false;
            }
        }
        self.out.push_str(text);
    }

    fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }
}

/// What the grammar counts as blank space on a line (no TAB).
fn is_space(ch: char) -> bool {
    matches!(
        ch,
        ' ' | '\u{a0}'
            | '\u{3000}'
            | '\u{2002}'
            | '\u{2003}'
            | '\u{2009}'
            | '\u{200b}'
            | '\u{feff}'
    )
}

struct Builder<'a> {
    spec: &'a Spec,
    facts: &'a Facts,
    rng: Rng,
    /// Filler paragraphs to add.
    filler: usize,
    w: Writer,
    expected: Vec<Expected>,
    /// Filler paragraph (by order) that carries a text injection.
    text_target: Option<usize>,
    fillers_written: usize,
    /// The row being written continues a merged group cell.
    group_continuation: bool,
}

impl<'a> Builder<'a> {
    fn new(spec: &'a Spec, facts: &'a Facts, rng: Rng, filler: usize) -> Builder<'a> {
        let text_target = matches!(
            spec.injection,
            Some(Injection::DoubledWord | Injection::Debris)
        )
        .then_some(0);
        Builder {
            spec,
            facts,
            rng,
            filler,
            w: Writer::new(),
            expected: Vec::new(),
            text_target,
            fillers_written: 0,
            group_continuation: false,
        }
    }

    fn expect(&mut self, code: &'static str, line: usize) {
        let injection = self.spec.injection.expect("an injected report");
        self.expected.push(Expected {
            injection: injection.name(),
            code,
            category: injection.category(),
            line,
        });
    }

    fn injected(&self, injection: Injection) -> bool {
        self.spec.injection == Some(injection)
    }

    fn build(mut self) -> Generated {
        let spec = self.spec;
        let facts = self.facts;
        let year = spec.year;
        // The text injection goes into one of the filler paragraphs, or the
        // first paragraph written when there is no filler.
        if self.text_target.is_some() && self.filler > 0 {
            self.text_target = Some(self.rng.index(self.filler.min(6)));
        }
        // Which section a structure injection drops.
        let dropped = self.injected(Injection::DropSection).then(|| {
            if self.rng.chance(50) {
                "problems"
            } else {
                "other"
            }
        });
        let paragraph_gap = spec.layout == Layout::Paragraph;

        self.w
            .line(&format!("{}{year}年政府信息公开工作年度报告", facts.agency));
        self.w.line("");
        let notice = if facts.template_2021 {
            "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
        } else {
            "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
        };
        self.w.line(&format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{notice}要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。"
        ));
        let period_year = if self.injected(Injection::PeriodYear) {
            year - 1
        } else {
            year
        };
        let period_line = self.w.line;
        self.w.line(&format!(
            "本报告所列数据的统计期限自{period_year}年1月1日起至{period_year}年12月31日止。本报告电子版可在政府门户网站政府信息公开专栏查阅，如对本报告有疑问，请与政务公开工作机构联系。"
        ));
        if self.injected(Injection::PeriodYear) {
            self.expect("GK401", period_line);
        }
        if paragraph_gap {
            self.w.line("");
        }

        // 一、总体情况
        self.w.line("一、总体情况");
        let me = facts.me;
        self.prose_line(&format!(
            "{year}年，{me}在{}的坚强领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，不断提升政务公开工作水平。",
            facts.superior
        ));
        // The filler is shared out: most in the overview, some in 五.
        let overview_share = self.filler * 4 / 5;
        let per_topic = overview_share / 5;
        let extra = overview_share % 5;
        let city = spec.body == Body::City;

        self.w.line("（一）主动公开");
        self.published_sentence();
        self.active_sentence();
        self.filler_paragraphs(&ACTIVE_PROSE, per_topic + extra, city);
        self.w.line("（二）依申请公开");
        self.request_sentences();
        self.filler_paragraphs(&REQUEST_PROSE, per_topic, city);
        self.w.line("（三）政府信息管理");
        self.filler_paragraphs(&MANAGEMENT_PROSE, per_topic.max(1), city);
        self.w.line("（四）政府信息公开平台建设");
        self.filler_paragraphs(&PLATFORM_PROSE, per_topic.max(1), city);
        self.w.line("（五）监督保障");
        self.filler_paragraphs(&OVERSIGHT_PROSE, per_topic.max(1), city);

        // 二、三、四: the tables.
        self.w.line("二、主动公开政府信息情况");
        if paragraph_gap {
            self.w.line("");
        }
        self.active_table();
        self.w.line("三、收到和处理政府信息公开申请情况");
        if paragraph_gap {
            self.w.line("");
        }
        self.applications_table();
        self.w.line("四、政府信息公开行政复议、行政诉讼情况");
        if paragraph_gap {
            self.w.line("");
        }
        self.reviews_table();

        // 五、存在的主要问题及改进情况
        if dropped == Some("problems") {
            let line = self.w.last_content;
            self.expect("GK101", line);
        } else {
            self.w.line("五、存在的主要问题及改进情况");
            self.w.line("（一）存在的主要问题");
            let count = self.rng.range(2, 4) as usize;
            let problems: String = PROBLEMS[..count].concat();
            self.prose_line(&problems);
            self.w.line("（二）改进措施");
            let opener = if self.rng.chance(50) {
                format!("{}年，{me}将重点做好以下工作：", year + 1)
            } else {
                format!("下一步，{me}将重点做好以下工作：")
            };
            let mut plan = opener;
            for (at, sentence) in IMPROVEMENTS.iter().take(count + 1).enumerate() {
                let _ = write!(plan, "{}", ["一是", "二是", "三是", "四是", "五是"][at]);
                plan.push_str(sentence);
            }
            self.prose_line(&plan);
            let rest = self.filler - overview_share;
            self.filler_paragraphs(&IMPROVEMENTS_PARAGRAPHS, rest, false);
        }

        // 六、其他需要报告的事项
        if dropped == Some("other") {
            let line = self.w.last_content;
            self.expect("GK101", line);
        } else {
            self.w.line("六、其他需要报告的事项");
            let fee = if facts.fee_yuan == 0 {
                format!("依据《政府信息公开信息处理费管理办法》，{me}本年度未收取信息处理费。")
            } else {
                format!(
                    "依据《政府信息公开信息处理费管理办法》，{me}本年度收取信息处理费{}元。",
                    facts.fee_yuan
                )
            };
            self.prose_line(&fee);
        }

        // Signature.
        self.w.line("");
        self.w.line(&facts.agency);
        let (sign_year, month, day) = if self.injected(Injection::SignedEarly) {
            (
                year,
                self.rng.range(1, 12) as u32,
                self.rng.range(1, 28) as u32,
            )
        } else {
            facts.signed
        };
        let signed_line = self.w.line;
        self.w.line(&format!("{sign_year}年{month}月{day}日"));
        if self.injected(Injection::SignedEarly) {
            self.expect("GK403", signed_line);
        }
        debug_assert!(
            spec.injection.is_none() || !self.expected.is_empty(),
            "injection {:?} not written",
            spec.injection
        );
        Generated {
            name: String::new(),
            spec: spec.clone(),
            agency: facts.agency.clone(),
            text: self.w.out,
            expected: self.expected,
        }
    }

    /// A narrative line (never wrapped: it carries numbers).
    fn prose_line(&mut self, text: &str) {
        self.w.line(text);
        if self.spec.layout == Layout::Paragraph {
            self.w.line("");
        }
    }

    /// `count` paragraphs of 3–5 sentences from `pool`, hard-wrapped in PDF
    /// layouts; the text injection goes into one of them.
    fn filler_paragraphs(&mut self, pool: &[&str], count: usize, headings: bool) {
        for at in 0..count {
            if headings && at % 12 == 0 && count > 12 {
                let heading = *self.rng.pick(&CITY_SUBHEADINGS);
                self.w.line(&format!("{}.{heading}", at / 12 + 1));
            }
            let sentences = self.rng.range(3, 5) as usize;
            let mut paragraph = String::new();
            let start = self.rng.index(pool.len());
            for k in 0..sentences {
                paragraph.push_str(pool[(start + k) % pool.len()]);
            }
            let target = self.text_target == Some(self.fillers_written);
            self.fillers_written += 1;
            if target {
                self.text_target = None;
                self.inject_text(paragraph);
                continue;
            }
            match self.spec.wrap {
                Some(width) => self.wrapped(&paragraph, width),
                None => self.prose_line(&paragraph),
            }
        }
        // No filler at all: the injection goes into a paragraph of its own.
        if self.text_target == Some(0) && self.filler == 0 {
            self.text_target = None;
            let paragraph = pool[0].to_string();
            self.inject_text(paragraph);
        }
    }

    fn inject_text(&mut self, mut paragraph: String) {
        let line = self.w.line;
        match self.spec.injection {
            Some(Injection::Debris) => {
                let debris = *self.rng.pick(&["[bookmark: _GoBack]", "&nbsp;"]);
                if debris.starts_with('[') {
                    paragraph.insert_str(0, debris);
                } else {
                    let at = paragraph.find('，').unwrap_or(0);
                    paragraph.insert_str(at, debris);
                }
                self.expect("GK501", line);
            }
            Some(Injection::DoubledWord) => {
                // Double a word of two different Han characters.
                let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
                let candidates: Vec<usize> = (0..chars.len().saturating_sub(2))
                    .filter(|&i| {
                        is_han(chars[i].1) && is_han(chars[i + 1].1) && chars[i].1 != chars[i + 1].1
                    })
                    .collect();
                let i = candidates[self.rng.index(candidates.len())];
                let start = chars[i].0;
                let end = chars[i + 2].0;
                let word = paragraph[start..end].to_string();
                paragraph.insert_str(start, &word);
                self.expect("GK502", line);
            }
            _ => unreachable!("only text injections go into prose"),
        }
        self.prose_line(&paragraph);
    }

    /// PDF text: lines of about `width` characters, broken only between
    /// two Han characters.
    fn wrapped(&mut self, paragraph: &str, width: usize) {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut line = String::new();
        let mut length = 0;
        for (at, ch) in chars.iter().enumerate() {
            line.push(*ch);
            length += 1;
            let breakable = chars
                .get(at + 1)
                .is_some_and(|next| is_han(*ch) && is_han(*next));
            if length >= width && breakable {
                self.w.line(&line);
                line.clear();
                length = 0;
            }
        }
        if !line.is_empty() {
            self.w.line(&line);
        }
    }

    /// "共主动公开政府信息N条，其中…": a breakdown that adds up.
    fn published_sentence(&mut self) {
        let facts = self.facts;
        let total: u64 = facts.published.iter().map(|(_, value)| value).sum();
        let mut parts: Vec<(&str, u64)> = facts.published.clone();
        let line = self.w.line;
        if self.injected(Injection::BreakdownSum) {
            // The last part: the rule accepts a breakdown whose first parts
            // add up to the total (the rest read as a remark), and with
            // every part at least 1 no shorter prefix reaches it.
            let last = parts.len() - 1;
            parts[last].1 += self.rng.range(1, 9);
            self.expect("GK504", line);
        }
        let list: Vec<String> = parts
            .iter()
            .map(|(name, value)| format!("{name}{value}条"))
            .collect();
        let text = format!(
            "{}年，{}通过政府网站、政务新媒体等渠道主动公开政府信息{total}条，其中{}。",
            self.spec.year,
            facts.me,
            list.join("、")
        );
        self.prose_line(&text);
    }

    /// The counts of table 二 restated.
    fn active_sentence(&mut self) {
        let facts = self.facts;
        let (normative, documents) = if facts.template_2021 {
            ("行政规范性文件", ["制发", "废止", "现行有效"])
        } else {
            ("规范性文件", ["新制作", "新公开", "对外公开"])
        };
        let cell = |label: &str, column: usize| {
            facts.active_value(label, column).unwrap_or("0").to_string()
        };
        let decisions_column = if facts.template_2021 { 0 } else { 2 };
        let mut licensing = cell("行政许可", decisions_column);
        let mut penalty = cell("行政处罚", decisions_column);
        let line = self.w.line;
        let mut code = None;
        if self.injected(Injection::NarrativeCount) && self.rng.chance(50) {
            let off: u64 = self.rng.range(1, 9);
            if self.rng.chance(50) {
                licensing = (licensing.parse::<u64>().unwrap_or(0) + off).to_string();
                code = Some("GK606");
            } else {
                penalty = (penalty.parse::<u64>().unwrap_or(0) + off).to_string();
                code = Some("GK607");
            }
        }
        let mut text = format!(
            "全年{}{normative}{}件，{}{}件，{}{}件。",
            documents[0],
            cell(normative, 0),
            documents[1],
            cell(normative, 1),
            documents[2],
            cell(normative, 2),
        );
        if self.spec.body == Body::City {
            let _ = write!(text, "{}规章{}件。", documents[0], cell("规章", 0));
        }
        let _ = write!(
            text,
            "办理行政许可{licensing}件，作出行政处罚决定{penalty}件，有关决定均已按规定公开。"
        );
        if let Some(code) = code {
            self.expect(code, line);
        }
        self.prose_line(&text);
    }

    /// Applications and reviews restated.
    fn request_sentences(&mut self) {
        let facts = self.facts;
        let year = self.spec.year;
        let me = facts.me;
        let new = facts.application("new");
        let carried_in = facts.application("carried_in")[6];
        let results = facts.application("results_total")[6];
        let carried_out = facts.application("carried_out")[6];
        let mut review_total = facts.reviews[4];
        let mut suit_total = facts.reviews[9] + facts.reviews[14];
        let mut carried_out_said = carried_out;
        // The consistency injection not made in table 二's sentence.
        let mut code = None;
        if self.injected(Injection::NarrativeCount) && self.expected.is_empty() {
            let off = self.rng.range(1, 5);
            match self.rng.range(0, 2) {
                0 => {
                    review_total += off;
                    code = Some("GK603");
                }
                1 => {
                    suit_total += off;
                    code = Some("GK604");
                }
                _ => {
                    carried_out_said += off;
                    code = Some("GK602");
                }
            }
        }
        if new[6] == 0 {
            self.prose_line(&format!("{year}年，{me}未收到政府信息公开申请。"));
        } else {
            let organisations: u64 = new[1..6].iter().sum();
            self.prose_line(&format!(
                "{year}年，{me}共收到政府信息公开申请{}件，其中自然人申请{}件、法人或其他组织申请{organisations}件。",
                new[6], new[0]
            ));
        }
        if results > 0 {
            let sum = |keys: &[&str]| -> u64 {
                facts
                    .applications
                    .iter()
                    .filter(|(key, _)| keys.iter().any(|k| key.starts_with(k)))
                    .map(|(_, values)| values[6])
                    .sum()
            };
            let parts = [
                ("予以公开", sum(&["granted"])),
                ("部分公开", sum(&["partial"])),
                ("不予公开", sum(&["denied_"])),
                ("无法提供", sum(&["unable_"])),
                ("不予处理", sum(&["rejected_"])),
                ("其他处理", sum(&["other_"])),
            ];
            let list: Vec<String> = parts
                .iter()
                .map(|(name, value)| format!("{name}{value}件"))
                .collect();
            let carried = if carried_in > 0 {
                format!("（含上年结转{carried_in}件）")
            } else {
                String::new()
            };
            self.prose_line(&format!(
                "本年度共办结政府信息公开申请{results}件{carried}，其中{}。",
                list.join("、")
            ));
        }
        let line = self.w.line;
        self.prose_line(&format!(
            "结转下年度继续办理{carried_out_said}件。全年发生政府信息公开行政复议{review_total}件、行政诉讼{suit_total}件。"
        ));
        if let Some(code) = code {
            self.expect(code, line);
        }
    }

    // ---------------------------------------------------------- tables

    fn active_table(&mut self) {
        let facts = self.facts;
        let mut caption = "";
        for at in 0..facts.active.len() {
            let row = &facts.active[at];
            if row.caption != caption {
                caption = row.caption;
                self.header_row(&[row.caption]);
                self.header_row(row.headers);
            }
            let values: Vec<Option<String>> = row.cells.iter().cloned().map(Some).collect();
            self.data_row(None, row.label, &values, None);
        }
        self.table_end();
    }

    fn applications_table(&mut self) {
        let facts = self.facts;
        self.header_row(&[
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况",
        ]);
        self.header_row(&["自然人", "法人或其他组织", "总计"]);
        self.header_row(&[
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]);
        let rows = application_rows(facts.template_2021);
        // The injected cell: a row total off by a few, or a blank cell.
        let target_row = self.rng.index(rows.len());
        let blank_column = self.rng.index(7);
        let off = self.rng.range(1, 5);
        let mut in_group = false;
        for (at, (key, group, label)) in rows.iter().enumerate() {
            let values = facts.application(key);
            let mut cells: Vec<Option<String>> =
                values.iter().map(|v| Some(v.to_string())).collect();
            let mut tagged = None;
            if at == target_row && self.injected(Injection::RowTotal) {
                cells[6] = Some((values[6] + off).to_string());
                tagged = Some((6, "GK302"));
            }
            if at == target_row && self.injected(Injection::BlankCell) {
                cells[blank_column] = None;
                tagged = Some((blank_column, "GK207"));
            }
            // Rows after a group label continue the merged cell.
            let continued = group.is_none() && in_group && is_result_row(key);
            in_group = group.is_some() || continued;
            self.group_continuation = continued;
            self.data_row(*group, label, &cells, tagged);
        }
        self.group_continuation = false;
        self.table_end();
    }

    fn reviews_table(&mut self) {
        let facts = self.facts;
        self.header_row(&["行政复议", "行政诉讼"]);
        self.header_row(&[
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "复议后起诉",
        ]);
        self.header_row(&[
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
        ]);
        let mut cells: Vec<Option<String>> =
            facts.reviews.iter().map(|v| Some(v.to_string())).collect();
        let mut tagged = None;
        if self.injected(Injection::ReviewTotal) {
            let group = self.rng.index(3);
            let at = group * 5 + 4;
            cells[at] = Some((facts.reviews[at] + self.rng.range(1, 4)).to_string());
            tagged = Some((at, "GK304"));
        }
        self.values_row(&cells, tagged);
        self.table_end();
    }
}

/// Writing table rows in each layout.
impl Builder<'_> {
    /// A row of header texts (or a caption: one text).
    fn header_row(&mut self, cells: &[&str]) {
        let w = &mut self.w;
        match self.spec.layout {
            Layout::Indented => {
                for cell in cells {
                    w.line(&format!("\t{cell}"));
                }
                w.line("");
            }
            Layout::Paragraph => {
                for cell in cells {
                    w.line(cell);
                    w.line("");
                }
            }
            Layout::PipeRows => w.line(&format!("{} |", cells.join(" | "))),
            Layout::PipePerLine => {
                for cell in cells {
                    w.line(&format!("{cell} |"));
                }
                let fillers = self.rng.range(2, 8) as usize;
                w.line(&"|".repeat(fillers));
            }
            Layout::TabRows => w.line(&cells.join("\t")),
            Layout::SpaceRows => w.line(&cells.join(" ")),
        }
    }

    /// A labelled data row; `tagged` is the column whose line the manifest
    /// records, with the code expected there.
    fn data_row(
        &mut self,
        group: Option<&str>,
        label: &str,
        values: &[Option<String>],
        tagged: Option<(usize, &'static str)>,
    ) {
        let split = matches!(self.spec.layout, Layout::Indented | Layout::Paragraph)
            && label.chars().count() > 8
            && self.rng.chance(10);
        let label_text = if split {
            let chars: Vec<char> = label.chars().collect();
            let head: String = chars[..chars.len() - 2].iter().collect();
            let tail: String = chars[chars.len() - 2..].iter().collect();
            format!("{head}\n{tail}")
        } else {
            label.to_string()
        };
        match self.spec.layout {
            Layout::Indented => {
                if let Some(group) = group {
                    self.w.line(&format!("\t{group}"));
                } else if self.group_continuation && self.rng.chance(50) {
                    self.w.line("\t");
                }
                self.w.line(&format!("\t{label_text}"));
                for (at, value) in values.iter().enumerate() {
                    self.tag(tagged, at);
                    let cell = match value {
                        Some(value) => self.padded(value),
                        None => "\u{a0}".to_string(),
                    };
                    self.w.line(&format!("\t{cell}"));
                }
                self.w.line("");
            }
            Layout::Paragraph => {
                if let Some(group) = group {
                    self.w.line(group);
                    self.w.line("");
                }
                self.w.line(&label_text);
                self.w.line("");
                for (at, value) in values.iter().enumerate() {
                    self.tag(tagged, at);
                    match value {
                        Some(value) => {
                            self.w.line(value);
                            self.w.line("");
                        }
                        None => self.w.line(""),
                    }
                }
            }
            Layout::PipeRows | Layout::TabRows => {
                let separator = if self.spec.layout == Layout::PipeRows {
                    " | "
                } else {
                    "\t"
                };
                let mut cells: Vec<&str> = Vec::new();
                if let Some(group) = group {
                    cells.push(group);
                }
                cells.push(label);
                cells.extend(values.iter().map(|value| value.as_deref().unwrap_or("")));
                let mut line = cells.join(separator);
                if self.spec.layout == Layout::PipeRows {
                    line.push_str(" |");
                }
                self.tag(tagged, 0);
                self.w.line(&line);
            }
            Layout::PipePerLine => {
                if let Some(group) = group {
                    self.w.line(&format!("{group} |"));
                }
                self.w.line(&format!("{label} |"));
                for (at, value) in values.iter().enumerate() {
                    self.tag(tagged, at);
                    self.w
                        .line(&format!("{} |", value.as_deref().unwrap_or(" ")));
                }
                let fillers = self.rng.range(2, 16) as usize;
                self.w.line(&"|".repeat(fillers));
            }
            Layout::SpaceRows => {
                // The merged group cell on a line of its own, or before the
                // first row of the group.
                let mut line = String::new();
                if let Some(group) = group {
                    if self.rng.chance(50) {
                        self.w.line(group);
                    } else {
                        line.push_str(group);
                        line.push(' ');
                    }
                }
                line.push_str(label);
                for value in values {
                    line.push(' ');
                    line.push_str(value.as_deref().unwrap_or("/"));
                }
                self.tag(tagged, 0);
                self.w.line(&line);
            }
        }
    }

    /// The unlabelled value row of table 四.
    fn values_row(&mut self, values: &[Option<String>], tagged: Option<(usize, &'static str)>) {
        match self.spec.layout {
            Layout::Indented => {
                for (at, value) in values.iter().enumerate() {
                    self.tag(tagged, at);
                    let cell = match value {
                        Some(value) => self.padded(value),
                        None => "\u{a0}".to_string(),
                    };
                    self.w.line(&format!("\t{cell}"));
                }
                self.w.line("");
            }
            Layout::Paragraph => {
                for (at, value) in values.iter().enumerate() {
                    self.tag(tagged, at);
                    match value {
                        Some(value) => {
                            self.w.line(value);
                            self.w.line("");
                        }
                        None => self.w.line(""),
                    }
                }
            }
            Layout::PipePerLine => {
                for (at, value) in values.iter().enumerate() {
                    self.tag(tagged, at);
                    self.w
                        .line(&format!("{} |", value.as_deref().unwrap_or(" ")));
                }
            }
            Layout::PipeRows | Layout::TabRows | Layout::SpaceRows => {
                let cells: Vec<&str> = values
                    .iter()
                    .map(|value| {
                        value
                            .as_deref()
                            .unwrap_or(if self.spec.layout == Layout::SpaceRows {
                                "/"
                            } else {
                                ""
                            })
                    })
                    .collect();
                let line = match self.spec.layout {
                    Layout::PipeRows => format!("{} |", cells.join(" | ")),
                    Layout::TabRows => cells.join("\t"),
                    _ => cells.join(" "),
                };
                self.tag(tagged, 0);
                self.w.line(&line);
            }
        }
    }

    fn table_end(&mut self) {
        match self.spec.layout {
            Layout::Indented => {
                self.w.line("");
                self.w.line("");
            }
            Layout::PipePerLine | Layout::Paragraph => {}
            Layout::PipeRows | Layout::TabRows | Layout::SpaceRows => {}
        }
    }

    /// Records the current line when column `at` is the tagged one (or,
    /// for rows written on one line, when `at` is 0).
    fn tag(&mut self, tagged: Option<(usize, &'static str)>, at: usize) {
        let Some((column, code)) = tagged else { return };
        let one_line = matches!(
            self.spec.layout,
            Layout::PipeRows | Layout::TabRows | Layout::SpaceRows
        );
        if column == at || (one_line && at == 0) {
            let line = self.w.line;
            self.expect(code, line);
        }
    }

    /// A Word cell's value with the spacing seen in real extractions.
    fn padded(&mut self, value: &str) -> String {
        match self.rng.range(0, 9) {
            0 => format!("\u{3000}\u{3000}{value}"),
            1 => format!("\u{a0}{value}"),
            2 => format!("{value}\u{3000}"),
            3 => format!(" {value} "),
            _ => value.to_string(),
        }
    }
}

/// The filler of section 五.
const IMPROVEMENTS_PARAGRAPHS: [&str; 5] = IMPROVEMENTS;

fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4e00}'..='\u{9fff}')
}
