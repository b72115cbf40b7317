//! Trust on reports the linter has never seen: each class of false finding
//! found on unseen real reports, with a report typed here in the layouts and
//! wordings real reports use. A correct report gets no error or warning from
//! the class; a broken one still gets its finding.

use xxgk_lint::model::{CellValue, Report};
use xxgk_lint::{FileOptions, Linter};

fn lint(text: &str) -> Vec<(String, String, usize)> {
    let linter = Linter::builtin().unwrap();
    let linted = linter.lint(text, &FileOptions::default());
    linted
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.message.clone(),
                linted.report.line_index.line_of(d.span.start) + 1,
            )
        })
        .collect()
}

fn codes(text: &str) -> Vec<String> {
    lint(text).into_iter().map(|(code, _, _)| code).collect()
}

/// The number in a cell `table.row.column`, or `None` when the cell is
/// not bound or holds no number.
fn number(report: &Report, table: &str, key: &str) -> Option<String> {
    let cell = report.found_table(table)?.cell(key)?;
    match &cell.value {
        CellValue::Number(quantity) => Some(quantity.value.to_string()),
        _ => None,
    }
}

fn blank(report: &Report, table: &str, key: &str) -> bool {
    report
        .found_table(table)
        .and_then(|table| table.cell(key))
        .is_some_and(|cell| matches!(cell.value, CellValue::Blank | CellValue::Placeholder))
}

const HEAD: &str = "测试县人民政府办公室2022年政府信息公开工作年度报告\n\
本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n\
一、总体情况\n\
2022年，我办扎实做好主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作。\n";

const TAIL: &str = "五、存在的主要问题及改进情况\n\
一是公开内容不够全面。2023年将进一步加强培训。\n\
六、其他需要报告的事项\n\
本年度未收取信息处理费。\n\
测试县人民政府办公室\n\
2023年1月20日\n";

/// Codes that a layout the reader follows must never cause.
const LAYOUT_CODES: [&str; 7] = [
    "GK203", "GK205", "GK207", "GK208", "GK213", "GK301", "GK302",
];

fn assert_no_layout_findings(text: &str) {
    let found = lint(text);
    let wrong: Vec<&(String, String, usize)> = found
        .iter()
        .filter(|(code, _, _)| LAYOUT_CODES.contains(&code.as_str()))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}\n{text}");
}

// ------------------------------------------------------------- class 1 --

/// 表二 of the 2021 format, one cell per line with the pipe alone on its
/// own line between cells.
const ACTIVE_PIPE_ALONE: &str = "二、主动公开政府信息情况
第二十条第（一）项
|
信息内容
|
本年制发件数
|
本年废止件数
|
现行有效件数
|
规章
|
0
|
0
|
0
|
行政规范性文件
|
3
|
1
|
12
|
第二十条第（五）项
|
信息内容
|
本年处理决定数量
|
行政许可
|
120
|
第二十条第（六）项
|
行政处罚
|
45
|
行政强制
|
2
|
第二十条第（八）项
|
行政事业性收费
|
1.5
";

/// 表三's first rows and 表四, indented pipe rows with lines of spaces
/// between rows and inside a wrapped row.
const APPLICATIONS_INDENTED_PIPES: &str = "三、收到和处理政府信息公开申请情况
    自然人 | 法人或其他组织 | 总计
      
    商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
      
    一、本年新收政府信息公开申请数量 | 5 | 1 | 0
       
    0 | 0 | 0 | 6
      
    二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1
      
四、政府信息公开行政复议、行政诉讼情况
    行政复议 | 行政诉讼
      
    结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计
      
    1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0
      
";

/// The same rows with a leading pipe on every cell line, `|||` fillers
/// after rows, a pipe alone for a blank cell and full-width pipes.
const APPLICATIONS_LEADING_PIPES: &str = "三、收到和处理政府信息公开申请情况
| 自然人
| 法人或其他组织
| 总计
|||
| 一、本年新收政府信息公开申请数量
| 5
| 1
| 0
|
| 0
| 0
| 6
|||
二、上年结转政府信息公开申请数量｜1｜0｜0｜0｜0｜0｜1｜
｜｜｜
四、政府信息公开行政复议、行政诉讼情况
行政复议 |
行政诉讼 |
结果维持 |
结果纠正 |
||
1 |
0 |
0 |
0 |
1 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
";

#[test]
fn class_1_pipe_alone_between_cells_binds_like_tab_cells() {
    let text = format!("{HEAD}{ACTIVE_PIPE_ALONE}{APPLICATIONS_INDENTED_PIPES}{TAIL}");
    let report = Report::read(&text);
    assert_eq!(
        number(&report, "active", "normative.in_force").as_deref(),
        Some("12")
    );
    assert_eq!(
        number(&report, "active", "normative.repealed").as_deref(),
        Some("1")
    );
    assert_eq!(
        number(&report, "active", "licensing.decisions").as_deref(),
        Some("120")
    );
    assert_eq!(
        number(&report, "active", "fees.amount").as_deref(),
        Some("1.5")
    );
    assert_no_layout_findings(&text);
}

#[test]
fn class_1_indented_pipe_rows_with_spacing_lines_bind_whole_rows() {
    let text = format!("{HEAD}{ACTIVE_PIPE_ALONE}{APPLICATIONS_INDENTED_PIPES}{TAIL}");
    let report = Report::read(&text);
    // The row wrapped after its third value, with a line of spaces inside.
    for (column, value) in [("natural", "5"), ("business", "1"), ("total", "6")] {
        assert_eq!(
            number(&report, "applications", &format!("new.{column}")).as_deref(),
            Some(value),
            "new.{column}"
        );
    }
    assert_eq!(
        number(&report, "reviews", "cases.review_total").as_deref(),
        Some("1")
    );
    assert_no_layout_findings(&text);
}

#[test]
fn class_1_leading_pipes_fillers_and_full_width_pipes_bind_alike() {
    let text = format!("{HEAD}{ACTIVE_PIPE_ALONE}{APPLICATIONS_LEADING_PIPES}{TAIL}");
    let report = Report::read(&text);
    assert_eq!(
        number(&report, "applications", "new.total").as_deref(),
        Some("6")
    );
    // `|` alone among leading-pipe cells is the blank 法律服务机构 cell… of
    // the written row: the fourth value after the label.
    assert!(blank(&report, "applications", "new.nonprofit"));
    assert_eq!(
        number(&report, "applications", "new.legal").as_deref(),
        Some("0")
    );
    assert_eq!(
        number(&report, "applications", "carried_in.natural").as_deref(),
        Some("1")
    );
    assert_eq!(
        number(&report, "reviews", "cases.review_upheld").as_deref(),
        Some("1")
    );
    // The blank cell is a real finding (表三 requires 0), nothing else is.
    let found = codes(&text);
    assert_eq!(
        found.iter().filter(|code| *code == "GK207").count(),
        1,
        "{found:?}"
    );
    for code in ["GK203", "GK205", "GK208", "GK213"] {
        assert!(!found.contains(&code.to_string()), "{code}: {found:?}");
    }
}

// ------------------------------------------------------------- class 2 --

/// 表三 as a PDF extraction scrambles it: the labels first, then the values
/// column by column.
const APPLICATIONS_SCRAMBLED: &str = "三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
二、上年结转政府信息公开申请数量
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
（七）总计
四、结转下年度继续办理
3119 34 2900 100 3050 103
20 0 18 2 20 0
0 0 0 0 0 0
0 0 0 0 0 0
1 0 1 0 1 0
5 0 5 0 5 0
3145 34 2924 102 3076 103
";

#[test]
fn class_2_a_table_read_without_confidence_is_one_warning_and_nothing_else() {
    let text = format!("{HEAD}{ACTIVE_PIPE_ALONE}{APPLICATIONS_SCRAMBLED}{TAIL}");
    let found = lint(&text);
    let on_table: Vec<&(String, String, usize)> = found
        .iter()
        .filter(|(code, _, _)| code.starts_with("GK2") || code.starts_with("GK3"))
        .collect();
    assert_eq!(on_table.len(), 1, "{on_table:?}");
    let (code, message, line) = on_table[0];
    assert_eq!(code, "GK213");
    assert!(
        message.contains("收到和处理政府信息公开申请情况"),
        "{message}"
    );
    // The first line of values follows the last label; the other 36
    // values belong to no row.
    assert!(message.contains("36 个数值"), "{message}");
    // The place: the first row left without its values.
    let first_row = text
        .lines()
        .position(|line| line == "一、本年新收政府信息公开申请数量")
        .unwrap()
        + 1;
    assert_eq!(*line, first_row);
    // No sum is computed on what was not bound, and no narrative compared.
    let report = Report::read(&text);
    assert!(report.table("applications").is_none());
    assert!(
        report
            .found_table("applications")
            .unwrap()
            .reading
            .uncertain
    );
}

#[test]
fn class_2_dump_shows_which_rows_bound_and_which_values_were_stray() {
    let text = format!("{HEAD}{APPLICATIONS_SCRAMBLED}{TAIL}");
    let report = Report::read(&text);
    let dump = xxgk_lint::dump::dump(&text, &report);
    let table = &dump["tables"]["applications"];
    assert_eq!(table["reading"]["certain"], false);
    assert_eq!(table["reading"]["stray_values"], 36);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert!(
        rows[..5].iter().all(|row| row["status"] == "empty"),
        "{rows:?}"
    );
    assert_eq!(rows[5]["key"], "carried_out");
    assert_eq!(rows[5]["status"], "short");
    assert_eq!(rows[0]["key"], "new");
    let stray: Vec<&serde_json::Value> = table["unrecognised"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["reason"] == "stray-values")
        .collect();
    assert!(!stray.is_empty());
    assert_eq!(stray[0]["values"][0], "20");
}

// ------------------------------------------------------------- class 3 --

/// A correct 2022 report with its tables in TAB-cell layout, built from
/// the parts below; `edit` changes its text before linting.
fn report_2022(edit: impl Fn(String) -> String) -> String {
    edit(format!(
        "{HEAD}{ACTIVE_PIPE_ALONE}三、收到和处理政府信息公开申请情况\n{}四、政府信息公开行政复议、行政诉讼情况\n{}{TAIL}",
        applications_rows(),
        REVIEWS_ROWS
    ))
}

/// 表三 of the 2021 format, one TAB-indented cell per line, blank lines
/// between rows: 6 new applications, 1 carried in, 6 answered, 1 carried
/// out.
fn applications_rows() -> String {
    let labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let values = |at: usize| -> [u32; 7] {
        match at {
            0 | 23 => [5, 1, 0, 0, 0, 0, 6],
            1 | 24 => [1, 0, 0, 0, 0, 0, 1],
            2 => [4, 1, 0, 0, 0, 0, 5],
            12 => [1, 0, 0, 0, 0, 0, 1],
            _ => [0; 7],
        }
    };
    let mut out = String::from(
        "\t申请人情况\n\n\t自然人\n\t法人或其他组织\n\t总计\n\n\t商业企业\n\t科研机构\n\t社会公益组织\n\t法律服务机构\n\t其他\n\n",
    );
    for (at, label) in labels.iter().enumerate() {
        out.push_str(&format!("\t{label}\n"));
        for value in values(at) {
            out.push_str(&format!("\t{value}\n"));
        }
        out.push('\n');
    }
    out
}

const REVIEWS_ROWS: &str = "\t行政复议\n\t行政诉讼\n\n\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\n\t1\n\t0\n\t0\n\t0\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n";

/// Errors and warnings of a report.
fn serious(text: &str) -> Vec<(String, String, usize)> {
    let linter = Linter::builtin().unwrap();
    let linted = linter.lint(text, &FileOptions::default());
    linted
        .diagnostics
        .iter()
        .filter(|d| d.severity != xxgk_lint::diagnostic::Severity::Info)
        .map(|d| {
            (
                d.code.clone(),
                d.message.clone(),
                linted.report.line_index.line_of(d.span.start) + 1,
            )
        })
        .collect()
}

#[test]
fn the_typed_report_is_correct() {
    let text = report_2022(|text| text);
    assert_eq!(serious(&text), Vec::new(), "{text}");
}

#[test]
fn class_3_sub_headings_never_open_a_part() {
    // Sub-headings of 一 that reuse the words of 二 and 三, in ASCII and
    // full-width brackets, while the real heading of 三 ends with 。.
    for sub in [
        "(二)依申请公开情况",
        "（二）依申请公开工作情况",
        "（二）依申请公开情况",
        "2.依申请公开情况",
    ] {
        let text = report_2022(|text| {
            text.replace(
                "一、总体情况\n",
                &format!(
                    "一、总体情况\n（一）主动公开情况\n全年主动公开信息120条。\n{sub}\n全年收到申请6件。\n"
                ),
            )
            .replace(
                "三、收到和处理政府信息公开申请情况\n",
                "三、收到和处理政府信息公开申请情况。\n",
            )
        });
        assert_eq!(serious(&text), Vec::new(), "{sub}");
        let report = Report::read(&text);
        let three = report.section("applications").unwrap();
        assert!(three.title.starts_with("三、"), "{sub}: {}", three.title);
    }
}

#[test]
fn class_3_a_sub_heading_is_not_taken_for_a_missing_part() {
    // 三's heading is gone: the sub-heading of 一 does not stand in for it.
    let text = report_2022(|text| {
        text.replace(
            "一、总体情况\n",
            "一、总体情况\n（二）依申请公开情况\n全年收到申请6件。\n",
        )
        .replace("三、收到和处理政府信息公开申请情况\n", "")
    });
    let found = serious(&text);
    let missing: Vec<&(String, String, usize)> = found
        .iter()
        .filter(|(code, _, _)| code == "GK101")
        .collect();
    assert_eq!(missing.len(), 1, "{found:?}");
    assert!(missing[0].1.contains("三、收到和处理政府信息公开申请情况"));
    assert!(
        !found.iter().any(|(code, _, _)| code == "GK102"),
        "{found:?}"
    );
}

#[test]
fn class_3_headings_with_closing_punctuation_are_headings() {
    for (heading, closed) in [
        ("一、总体情况", "一、总体情况。"),
        ("二、主动公开政府信息情况", "二、主动公开政府信息情况："),
        (
            "五、存在的主要问题及改进情况",
            "五、存在的主要问题及改进情况:",
        ),
        ("六、其他需要报告的事项", "六、其他需要报告的事项   "),
        (
            "四、政府信息公开行政复议、行政诉讼情况",
            "四、政府信息公开行政复议、行政诉讼情况；",
        ),
    ] {
        let text =
            report_2022(|text| text.replacen(&format!("{heading}\n"), &format!("{closed}\n"), 1));
        assert_eq!(serious(&text), Vec::new(), "{closed}");
    }
    // A heading run into its first sentence.
    let text = report_2022(|text| text.replace("一、总体情况\n2022年，", "一、总体情况。2022年，"));
    assert_eq!(serious(&text), Vec::new());
    let report = Report::read(&text);
    assert_eq!(report.section("overall").unwrap().title, "一、总体情况");
}

#[test]
fn class_3_other_words_under_the_right_number_are_a_title_variant() {
    for (heading, other) in [
        ("一、总体情况", "一、工作基本情况"),
        ("一、总体情况", "一、概述"),
        ("六、其他需要报告的事项", "六、其他事项说明"),
        ("五、存在的主要问题及改进情况", "五、下一步工作打算"),
    ] {
        let text =
            report_2022(|text| text.replacen(&format!("{heading}\n"), &format!("{other}\n"), 1));
        let found = lint(&text);
        assert!(
            !found.iter().any(|(code, _, _)| code == "GK101"),
            "{other}: {found:?}"
        );
        let variant: Vec<_> = found
            .iter()
            .filter(|(code, _, _)| code == "GK103")
            .collect();
        assert_eq!(variant.len(), 1, "{other}: {found:?}");
        assert!(variant[0].1.contains(other), "{variant:?}");
    }
}

#[test]
fn class_3_a_table_of_contents_is_not_the_parts() {
    let contents = "目  录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n";
    let text = report_2022(|text| {
        text.replacen("一、总体情况\n", &format!("{contents}一、总体情况\n"), 1)
    });
    assert_eq!(serious(&text), Vec::new());
    let report = Report::read(&text);
    let overall = report.section("overall").unwrap();
    assert!(
        overall.line > 8,
        "the table of contents was taken: {}",
        overall.line
    );
}

// ------------------------------------------------------------- class 4 --

const PERIOD: &str = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。";

#[test]
fn class_4_the_period_is_read_in_its_common_wordings() {
    for wording in [
        "本报告统计期限为{Y}年1月1日至{Y}年12月31日。",
        "本报告中所列数据统计时限为{Y}年1月1日至12月31日。",
        "本年度报告数据统计期限自{Y}年1月1日起至{Y}年12月31日止。",
        "本报告内容涵盖{Y}年1月1日至{Y}年12月31日期间我办政府信息公开工作情况。",
        "本报告所列数据为{Y}年1月1日至{Y}年12月31日期间数据。",
        "本報告中所列數據的統計時限為{Y}年1月1日至{Y}年12月31日。",
        "本报告由六个部分组成。本報告中所列數據的統計期限自{Y}年1月1日起至{Y}年12月31日止。",
        "本报告所列数据的时间范围为{Y}年1月1日至{Y}年12月31日。",
    ] {
        let right = report_2022(|text| text.replace(PERIOD, &wording.replace("{Y}", "2022")));
        let report = Report::read(&right);
        let period = report
            .meta
            .period
            .as_ref()
            .unwrap_or_else(|| panic!("{wording}"));
        assert_eq!(
            period
                .end
                .as_ref()
                .and_then(|end| end.resolve(Some(2022)))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2022-12-31"),
            "{wording}"
        );
        assert_eq!(serious(&right), Vec::new(), "{wording}");
        // Copied from last year's report: the period of 2021 is an error.
        let copied = report_2022(|text| text.replace(PERIOD, &wording.replace("{Y}", "2021")));
        let found = codes(&copied);
        assert!(found.contains(&"GK401".to_string()), "{wording}: {found:?}");
    }
}

#[test]
fn class_4_without_a_title_the_opening_sentence_gives_the_year() {
    let opening = "根据《中华人民共和国政府信息公开条例》规定，测试县人民政府办公室编制了2021年政府信息公开年度报告。";
    let text = report_2022(|text| {
        let body = text.split_once('\n').unwrap().1.to_string();
        format!("{opening}\n{body}")
    });
    let report = Report::read(&text);
    assert_eq!(report.year(), Some(2021));
    let found = lint(&text);
    let wrong_year: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "GK401")
        .collect();
    assert!(!wrong_year.is_empty(), "{found:?}");
    assert!(
        wrong_year[0].1.contains("报告年度为 2021 年"),
        "{wrong_year:?}"
    );
    // The same opening sentence with the right year: no finding on dates.
    let right = text.replace("编制了2021年", "编制了2022年");
    assert!(
        !codes(&right).iter().any(|code| code.starts_with("GK40")),
        "{:?}",
        codes(&right)
    );
}

#[test]
fn class_4_a_garbled_year_is_reported_never_read_as_a_year() {
    let text = report_2022(|text| text.replace("至2022年12月31日止", "至202220年12月31日止"));
    let found = lint(&text);
    let garbled: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "GK406")
        .collect();
    assert_eq!(garbled.len(), 1, "{found:?}");
    assert!(garbled[0].1.contains("202220年12月31日"), "{garbled:?}");
    assert!(
        !found.iter().any(|(code, _, _)| code == "GK401"),
        "{found:?}"
    );
    let report = Report::read(&text);
    let end = report
        .meta
        .period
        .as_ref()
        .and_then(|p| p.end.as_ref())
        .unwrap();
    assert_eq!(end.year, None);
    assert_eq!(end.resolve(Some(2022)), None);
}

// ------------------------------------------------------------- class 5 --

/// 表二 of the 2019 format in pipe rows; `procurement` is the header and
/// row of 政府集中采购.
fn active_2019(procurement: &str) -> String {
    format!(
        "测试县人民政府办公室2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
规范性文件 | 2 | 2 | 9 |
第二十条第（五）项 |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 12 | 1 | 340 |
其他对外管理服务事项 | 3 | 0 | 28 |
第二十条第（六）项 |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政处罚 | 20 | 0 | 15 |
行政强制 | 2 | 0 | 0 |
第二十条第（八）项 |
信息内容 | 上一年项目数量 | 本年增/减 |
行政事业性收费 | 1 | 0 |
第二十条第（九）项 |
{procurement}"
    )
}

/// A cell's value and unit as `dump` prints them.
fn amount(text: &str, table: &str, key: &str) -> (Option<String>, Option<String>) {
    let report = Report::read(text);
    let dump = xxgk_lint::dump::dump(text, &report);
    let cell = &dump["tables"][table]["cells"][key];
    (
        cell["value"].as_f64().map(|v| v.to_string()),
        cell["unit"].as_str().map(str::to_string),
    )
}

#[test]
fn class_5_a_unit_in_the_column_or_table_header_applies_to_the_cells() {
    for procurement in [
        "信息内容 | 采购项目数量 | 采购总金额(万元) |\n政府集中采购 | 3 | 1025.2 |\n",
        "信息内容 | 采购项目数量 | 采购总金额（万元） |\n政府集中采购 | 3 | 1025.2 |\n",
        "（单位：万元）\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 3 | 1025.2 |\n",
        "单位：万元\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 3 | 1025.2 |\n",
    ] {
        let text = active_2019(procurement);
        let found = codes(&text);
        assert!(
            !found.contains(&"GK212".to_string()),
            "{procurement}: {found:?}"
        );
        assert_eq!(
            amount(&text, "active", "procurement.amount"),
            (Some("1025.2".to_string()), Some("万元".to_string())),
            "{procurement}"
        );
    }
    // No unit anywhere: the finding stays, and dump records no unit.
    let text = active_2019("信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 3 | 1025.2 |\n");
    assert!(codes(&text).contains(&"GK212".to_string()));
    assert_eq!(amount(&text, "active", "procurement.amount").1, None);
}

#[test]
fn class_5_a_unit_other_than_the_format_s_is_reported_and_kept() {
    let fees = |header: &str, value: &str| {
        report_2022(|text| {
            text.replace(
                "第二十条第（八）项\n|\n行政事业性收费\n|\n1.5\n",
                &format!(
                    "第二十条第（八）项\n|\n信息内容\n|\n{header}\n|\n行政事业性收费\n|\n{value}\n"
                ),
            )
        })
    };
    let text = fees("本年收费金额(单位:元)", "25000");
    let found = lint(&text);
    let differs: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "GK214")
        .collect();
    assert_eq!(differs.len(), 1, "{found:?}");
    assert!(
        differs[0].1.contains("元") && differs[0].1.contains("万元"),
        "{differs:?}"
    );
    assert_eq!(
        amount(&text, "active", "fees.amount"),
        (Some("25000".to_string()), Some("元".to_string()))
    );
    // The format's own header: 万元, no finding.
    let text = fees("本年收费金额（单位：万元）", "2.5");
    assert!(!codes(&text).contains(&"GK214".to_string()));
    assert_eq!(
        amount(&text, "active", "fees.amount").1.as_deref(),
        Some("万元")
    );
    // No header in the report: dump does not put the format's unit there.
    let text = report_2022(|text| text);
    assert_eq!(
        amount(&text, "active", "fees.amount"),
        (Some("1.5".to_string()), None)
    );
}

// ------------------------------------------------------------- class 6 --

#[test]
fn class_6_numbers_of_another_year_are_not_this_year_s_table() {
    // 表二 says 行政许可 120 and 行政处罚 45 for 2022.
    for sentence in [
        "我办2021年主动公开行政许可33项，行政处罚信息20条。",
        "上年度行政许可30件、行政处罚40件。",
        "2019年以来累计公开行政许可信息300条。",
    ] {
        let text = report_2022(|text| {
            text.replace("监督保障工作。\n", &format!("监督保障工作。{sentence}\n"))
        });
        let found = codes(&text);
        for code in ["GK606", "GK607"] {
            assert!(!found.contains(&code.to_string()), "{sentence}: {found:?}");
        }
    }
    // This year's numbers are still compared.
    let text = report_2022(|text| {
        text.replace(
            "监督保障工作。\n",
            "监督保障工作。2022年主动公开行政许可33项。\n",
        )
    });
    assert!(codes(&text).contains(&"GK606".to_string()));
}

#[test]
fn class_6_a_category_of_published_information_is_not_the_regulations_made() {
    let text = report_2022(|text| {
        text.replace(
            "监督保障工作。\n",
            "监督保障工作。全年主动公开政府信息160条，其中：公开制度类18条，累计18条;政府规章类3条，累计3条;政府文件类139条，累计139条。\n",
        )
    });
    let found = lint(&text);
    assert!(
        !found
            .iter()
            .any(|(code, _, _)| code == "GK605" || code == "GK504"),
        "{found:?}"
    );
}

#[test]
fn class_6_a_breakdown_mixing_units_or_giving_examples_is_not_an_error() {
    for sentence in [
        "全年公开信息120条，其中政策文件20条、重大项目5项、其他信息90条。",
        "全年公开信息120条，其中主要包括政策文件20条、人事信息30条。",
        "全年公开信息120条，其中政策文件20条、人事信息30条等。",
    ] {
        let text = report_2022(|text| {
            text.replace("监督保障工作。\n", &format!("监督保障工作。{sentence}\n"))
        });
        let found = codes(&text);
        assert!(
            !found.contains(&"GK504".to_string()),
            "{sentence}: {found:?}"
        );
    }
    // A full breakdown that does not add up is still an error, and the
    // message names each part it added.
    let text = report_2022(|text| {
        text.replace(
            "监督保障工作。\n",
            "监督保障工作。全年公开信息120条，其中政策文件20条、人事信息30条、其他信息60条。\n",
        )
    });
    let found = lint(&text);
    let wrong: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "GK504")
        .collect();
    assert_eq!(wrong.len(), 1, "{found:?}");
    assert!(
        wrong[0].1.contains("政策文件20 + 人事信息30 + 其他信息60"),
        "{wrong:?}"
    );
}

// ------------------------------------------------------------- class 7 --

/// A 湖北 report's 表二: labels carrying the provincial form's notes, and
/// the extra row 其他主动公开文件.
const HUBEI_ACTIVE: &str = "测试市生态环境局2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章(设区的市、自治州人民政府应提供相关数据) | 0 | 0 | 0 |
规范性文件(行政机关制定发布的决定、公告、通告、意见、通知) | 2 | 2 | 19 |
其他主动公开文件 | 186 | 186 | 400 |
第二十条第（五）项 |
信息内容 | 上一年项目数量(指2019年事项数) | 本年增/减(减用负值表示,如-8) | 处理决定数量(指2020年办件量) |
行政许可 | 12 | -1 | 340 |
其他对外管理服务事项(指行政许可以外的政务服务事项,含行政确认、行政奖励、行政裁决) | 3 | 0 | 165 |
第二十条第（六）项 |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政处罚 | 20 | 0 | 15 |
行政强制 | 2 | 0 | 0 |
第二十条第（八）项 |
信息内容 | 上一年项目数量 | 本年增/减 |
行政事业性收费 | 1 | 0 |
第二十条第（九）项 |
信息内容 | 采购项目数量 | 采购总金额 |
政府集中采购 | 3 | 25.6万元 |
";

#[test]
fn class_7_annotated_labels_bind_to_their_rows_with_at_most_an_info() {
    let report = Report::read(HUBEI_ACTIVE);
    assert_eq!(
        number(&report, "active", "normative.total").as_deref(),
        Some("19")
    );
    assert_eq!(
        number(&report, "active", "other_services.decisions").as_deref(),
        Some("165")
    );
    let linter = Linter::builtin().unwrap();
    let linted = linter.lint(HUBEI_ACTIVE, &FileOptions::default());
    let annotated: Vec<_> = linted
        .diagnostics
        .iter()
        .filter(|d| d.code == "GK215")
        .collect();
    assert_eq!(annotated.len(), 3, "{:?}", linted.diagnostics);
    assert!(
        annotated
            .iter()
            .all(|d| d.severity == xxgk_lint::diagnostic::Severity::Info)
    );
    assert!(!linted.diagnostics.iter().any(|d| d.code == "GK206"));
    // With the 湖北 pack: the extra row is a row, the notes are the form.
    let pack = xxgk_lint::packs::from_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/examples/hubei-2020.toml"
    )))
    .unwrap();
    let linter = Linter::with_packs(vec![pack]).unwrap();
    let linted = linter.lint(HUBEI_ACTIVE, &FileOptions::default());
    let on_tables: Vec<_> = linted
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("GK2") && d.code != "GK202")
        .collect();
    assert!(on_tables.is_empty(), "{on_tables:?}");
    assert_eq!(
        linted
            .report
            .found_table("active")
            .and_then(|t| t.cell("other_published.made"))
            .map(|c| c.text.as_str()),
        Some("186")
    );
}

// ------------------------------------------------------------- class 8 --

#[test]
fn class_8_a_doubled_function_word_is_found_and_reduplication_is_not() {
    for (sentence, word) in [
        ("明确局办公室为为信息公开负责股室。", "为为"),
        ("我局的的信息公开工作稳步推进。", "的的"),
        ("完成了了全年任务。", "了了"),
        ("加强组织领导和和队伍建设。", "和和"),
        ("在在门户网站公开信息。", "在在"),
    ] {
        let text = report_2022(|text| {
            text.replace("监督保障工作。\n", &format!("监督保障工作。{sentence}\n"))
        });
        let found = lint(&text);
        let doubled: Vec<_> = found
            .iter()
            .filter(|(code, _, _)| code == "GK502")
            .collect();
        assert_eq!(doubled.len(), 1, "{sentence}: {found:?}");
        assert!(doubled[0].1.contains(word), "{doubled:?}");
    }
    for sentence in [
        "常常深入基层，人人参与，天天更新，层层落实，年年考核，处处留心。",
        "谢谢大家，看看效果，仅仅开始，渐渐完善，刚刚起步，往往如此，稍稍提高。",
        "作为为民服务的窗口，为了了解群众需求，目的的实现，现在在线办理。",
        "的的确确做到和和美美，不了了之的情况没有发生。",
        "可以以此为鉴，涉及及时公开的信息，即将将其公开。",
    ] {
        let text = report_2022(|text| {
            text.replace("监督保障工作。\n", &format!("监督保障工作。{sentence}\n"))
        });
        let found = codes(&text);
        assert!(
            !found.contains(&"GK502".to_string()),
            "{sentence}: {found:?}"
        );
    }
}

#[test]
fn class_8_an_intro_that_lists_fewer_parts_than_it_announces() {
    let intro = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况等六个部分组成。";
    let text = report_2022(|text| text.replace(PERIOD, &format!("{intro}{PERIOD}")));
    let found = lint(&text);
    let listed: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "GK109")
        .collect();
    assert_eq!(listed.len(), 1, "{found:?}");
    assert!(
        listed[0].1.contains('6') && listed[0].1.contains('5'),
        "{listed:?}"
    );
    // Six parts listed: nothing.
    let full = intro.replace("改进情况等六个部分", "改进情况、其他需要报告的事项六个部分");
    let text = report_2022(|text| text.replace(PERIOD, &format!("{full}{PERIOD}")));
    let found = codes(&text);
    assert!(
        !found.contains(&"GK109".to_string()) && !found.contains(&"GK104".to_string()),
        "{found:?}"
    );
}

#[test]
fn class_8_a_report_published_after_31_march_is_late_at_every_level() {
    for (agency, signed, late) in [
        ("测试镇人民政府", "2023年4月2日", true),
        ("测试镇人民政府", "2023年3月20日", false),
        ("测试县人民政府", "2023年4月2日", true),
        ("测试县自然资源局", "2023年2月10日", true),
        ("测试县自然资源局", "2023年1月20日", false),
    ] {
        let text = report_2022(|text| {
            text.replace("测试县人民政府办公室2022年", &format!("{agency}2022年"))
                .replace(
                    "测试县人民政府办公室\n2023年1月20日",
                    &format!("{agency}\n{signed}"),
                )
        });
        let found = codes(&text);
        assert_eq!(
            found.contains(&"GK404".to_string()),
            late,
            "{agency} {signed}: {found:?}"
        );
    }
}

// ------------------------------------------- a text that stops early --

#[test]
fn a_copy_cut_off_is_one_warning_and_missing_parts_stay_errors() {
    let full = report_2022(|text| text);
    // Cut inside 表三, in the middle of a row.
    let cut_at = full.find("\t（二）部分公开").unwrap();
    let cut = format!("{}\t0\n\t0\n", &full[..cut_at]);
    let found = lint(&cut);
    let serious: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| ["GK101", "GK201", "GK202", "GK203"].contains(&code.as_str()))
        .collect();
    assert!(serious.is_empty(), "{serious:?}");
    let early: Vec<_> = found
        .iter()
        .filter(|(code, _, _)| code == "GK110")
        .collect();
    assert_eq!(early.len(), 1, "{found:?}");
    assert!(
        early[0]
            .1
            .contains("四、政府信息公开行政复议、行政诉讼情况"),
        "{early:?}"
    );
    // Cut in the middle of a sentence of 一.
    let cut_at = full.find("政府信息管理、政府信息公开平台建设").unwrap();
    let cut = full[..cut_at].to_string();
    let found = codes(&cut);
    assert!(found.contains(&"GK110".to_string()), "{found:?}");
    assert!(
        !found.contains(&"GK101".to_string()) && !found.contains(&"GK107".to_string()),
        "{found:?}"
    );
    // A report that ends properly without 五 and 六: they are missing.
    let ends = full[..full.find("五、存在的主要问题").unwrap()].to_string();
    let found = codes(&ends);
    assert_eq!(
        found.iter().filter(|code| *code == "GK101").count(),
        2,
        "{found:?}"
    );
    assert!(!found.contains(&"GK110".to_string()), "{found:?}");
}

#[test]
fn tables_without_any_heading_are_one_warning() {
    let text = ACTIVE_PIPE_ALONE.replace("二、主动公开政府信息情况\n", "");
    let found = codes(&text);
    assert_eq!(
        found.iter().filter(|code| *code == "GK111").count(),
        1,
        "{found:?}"
    );
    assert!(!found.contains(&"GK101".to_string()), "{found:?}");
}
