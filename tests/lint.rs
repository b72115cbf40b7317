//! The rule engine on the seed reports and the corpus: the findings that
//! matter, where they point, and what they do not say.

mod common;

use serde_json::Value;
use xxgk_lint::render::{self, FileResult};
use xxgk_lint::{FileOptions, Linter};

/// `check --format json` of one text, through the library.
fn check(path: &str, text: &str) -> Value {
    let linter = Linter::builtin().unwrap();
    let linted = linter.lint(text, &FileOptions::default());
    let file = FileResult {
        path,
        text,
        report: Some(&linted.report),
        diagnostics: &linted.diagnostics,
    };
    render::json::render(&[file])
}

fn diagnostics(output: &Value) -> Vec<Value> {
    output["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(list: &'a [Value], code: &str) -> Vec<&'a Value> {
    list.iter().filter(|d| d["code"] == code).collect()
}

fn errors(list: &[Value]) -> Vec<&Value> {
    list.iter().filter(|d| d["severity"] == "error").collect()
}

fn seed_check(prefix: &str) -> (String, Vec<Value>) {
    let file = common::seed(prefix);
    let text = common::read_fixture(&file);
    let output = check(&file, &text);
    (text, diagnostics(&output))
}

#[test]
fn consistent_seeds_have_no_errors() {
    for prefix in ["001", "004"] {
        let (_, list) = seed_check(prefix);
        assert!(
            errors(&list).is_empty(),
            "seed {prefix}: {:#?}",
            errors(&list)
        );
    }
    let (_, list) = seed_check("001");
    let debris = find(&list, "GK501");
    assert_eq!(debris.len(), 1);
    assert_eq!(debris[0]["category"], "text");
    assert_eq!(debris[0]["severity"], "warning");
    assert_eq!(debris[0]["span"]["line"], 400);
}

#[test]
fn seed_003_signed_too_early_missing_section_doubled_word() {
    let (_, list) = seed_check("003");
    let date = find(&list, "GK403");
    assert_eq!(date.len(), 1);
    assert_eq!(date[0]["category"], "date");
    assert_eq!(date[0]["severity"], "error");
    assert_eq!(date[0]["span"]["line"], 413);
    assert_eq!(date[0]["span"]["column"], 1);
    let missing = find(&list, "GK101");
    assert_eq!(missing.len(), 1, "only 六 is missing");
    assert_eq!(missing[0]["category"], "structure");
    assert_eq!(missing[0]["severity"], "error");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("六、其他需要报告的事项")
    );
    let doubled = find(&list, "GK502");
    assert_eq!(doubled.len(), 1);
    assert_eq!(doubled[0]["category"], "text");
    assert!(doubled[0]["message"].as_str().unwrap().contains("行政行政"));
    assert_eq!(doubled[0]["span"]["line"], 5);
}

#[test]
fn seed_000_blank_cells_are_table_findings_not_arithmetic() {
    let (text, list) = seed_check("000");
    let blanks = find(&list, "GK207");
    // 表三 left blank in 19 rows is one finding, each blank cell labelled;
    // 表四's one row is another.
    assert_eq!(blanks.len(), 2, "{blanks:#?}");
    assert!(blanks.iter().all(|d| d["category"] == "table"));
    assert!(blanks[0]["message"].as_str().unwrap().contains("等 19 行"));
    assert_eq!(blanks[0]["labels"].as_array().unwrap().len(), 132);
    assert_eq!(
        blanks[0]["fix"]["edits"].as_array().unwrap().len(),
        133,
        "one fix fills every blank cell"
    );
    // On table 三 and table 四.
    let lines: Vec<u64> = blanks
        .iter()
        .map(|d| d["span"]["line"].as_u64().unwrap())
        .collect();
    assert!(
        lines.iter().any(|l| (104..349).contains(l)),
        "table 三: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| (349..396).contains(l)),
        "table 四: {lines:?}"
    );
    assert!(
        list.iter()
            .all(|d| d["category"] != "arithmetic" || d["severity"] == "info"),
        "no arithmetic error computed as if blank were 0: {:#?}",
        list.iter()
            .filter(|d| d["category"] == "arithmetic")
            .collect::<Vec<_>>()
    );
    let debris = find(&list, "GK501");
    assert_eq!(debris.len(), 1);
    assert_eq!(debris[0]["span"]["line"], 8);
    let start = debris[0]["span"]["start"].as_u64().unwrap() as usize;
    let end = debris[0]["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], "[bookmark: _GoBack]");
}

#[test]
fn seed_002_garbled_period_without_false_year_error() {
    let (_, list) = seed_check("002");
    let garbled = find(&list, "GK406");
    assert!(!garbled.is_empty());
    assert!(
        garbled
            .iter()
            .all(|d| d["category"] == "date" && d["span"]["line"] == 15)
    );
    assert!(find(&list, "GK401").is_empty());
    assert!(errors(&list).is_empty(), "{:#?}", errors(&list));
}

#[test]
fn an_edited_cell_breaks_the_identity_with_labels_and_help() {
    let file = common::seed("001");
    let text = common::read_fixture(&file);
    let mut lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines[80], "\t3");
    lines[80] = "\t4";
    let edited = lines.join("\n");
    let list = diagnostics(&check(&file, &edited));
    let arithmetic: Vec<&Value> = list
        .iter()
        .filter(|d| d["category"] == "arithmetic" && d["severity"] == "error")
        .collect();
    assert!(!arithmetic.is_empty());
    let column = find(&list, "GK301");
    assert_eq!(column.len(), 1);
    let d = column[0];
    // The primary span is a cell of the identity: the edited one.
    assert_eq!(d["span"]["line"], 81);
    let start = d["span"]["start"].as_u64().unwrap() as usize;
    let end = d["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&edited[start..end], "4");
    // Labels show the other cells with their values.
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 3);
    assert!(labels.iter().any(|l| {
        l["message"]
            .as_str()
            .unwrap()
            .contains("（七）总计·自然人 = 3")
    }));
    // The help gives the expected value.
    assert!(
        d["help"].as_str().unwrap().contains("应为 3"),
        "{}",
        d["help"]
    );
    assert!(
        !find(&list, "GK302").is_empty(),
        "the row total no longer holds either"
    );
    // And the command line exits with 1.
    let dir = std::env::temp_dir().join(format!("xxgk-edit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("edited.txt");
    std::fs::write(&path, &edited).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_group_that_no_longer_sums_in_table_four() {
    let file = common::seed("001");
    let text = common::read_fixture(&file);
    let mut lines: Vec<&str> = text.split('\n').collect();
    // 表四 values start at line 378: review_upheld, …, review_total (382).
    assert_eq!(lines[377], "\t0");
    lines[377] = "\t2";
    let edited = lines.join("\n");
    let list = diagnostics(&check(&file, &edited));
    let totals = find(&list, "GK304");
    assert_eq!(totals.len(), 1, "{list:#?}");
    assert_eq!(totals[0]["category"], "arithmetic");
    assert_eq!(totals[0]["span"]["line"], 382, "points at the group total");
}

#[test]
fn a_2022_report_with_2019_tables_gets_a_template_finding() {
    let text = common::read_fixture("corpus/001.txt");
    let list = diagnostics(&check("corpus/001.txt", &text));
    let version = find(&list, "GK105");
    assert!(!version.is_empty());
    assert!(version.iter().all(|d| d["category"] == "structure"));
    assert_eq!(version[0]["span"]["line"], 11);
}

#[test]
fn a_2020_report_in_the_2021_format_is_told_so_for_the_tables_that_differ() {
    // Seed 001 (2021 format) dated a year earlier: 表二 and 表三 use the
    // 2021 labels, 表四 is the same in both formats and is not reported.
    let text = common::read_fixture(&common::seed("001"))
        .replace("2021", "2020")
        .replace("2022", "2021");
    let list = diagnostics(&check("001-2020.txt", &text));
    let tables: Vec<&str> = find(&list, "GK105")
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(tables.len(), 2, "{tables:?}");
    assert!(tables.iter().any(|m| m.contains("主动公开")), "{tables:?}");
    assert!(tables.iter().any(|m| m.contains("申请")), "{tables:?}");
    assert!(!tables.iter().any(|m| m.contains("行政复议")), "{tables:?}");
}

#[test]
fn every_diagnostic_points_inside_the_text() {
    for file in common::all_reports() {
        let text = common::read_fixture(&file);
        let output = check(&file, &text);
        let lines = text.split('\n').count() as u64;
        for d in diagnostics(&output) {
            let line = d["span"]["line"].as_u64().unwrap();
            let start = d["span"]["start"].as_u64().unwrap() as usize;
            let end = d["span"]["end"].as_u64().unwrap() as usize;
            assert!(start <= end && end <= text.len(), "{file}: {d}");
            assert!(line >= 1 && line <= lines, "{file}: {d}");
            // Not whitespace, except blank cells (GK207, GK208, GK399 name them).
            if end > start && !["GK207", "GK208", "GK399"].contains(&d["code"].as_str().unwrap()) {
                assert!(
                    !text[start..end].trim().is_empty(),
                    "{file}: {} points at whitespace",
                    d["code"]
                );
            }
        }
    }
}

#[test]
fn check_never_exits_with_2_on_real_reports() {
    let mut paths = Vec::new();
    for file in common::all_reports() {
        paths.push(common::fixture(&file));
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
        .args(["check", "--format", "json"])
        .args(&paths)
        .output()
        .unwrap();
    assert_ne!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["files"], paths.len());
}

#[test]
fn an_impossible_signing_date_is_an_error_and_a_real_one_is_not() {
    let file = common::seed("003");
    let text = common::read_fixture(&file);
    assert!(text.contains("\n2020年1月20日"));
    for (signed, reason) in [
        ("2021年2月29日", "2021年不是闰年，2月只有28天"),
        ("2021年4月31日", "4月只有30天"),
        ("2021年13月1日", "没有13月"),
    ] {
        let edited = text.replace("\n2020年1月20日", &format!("\n{signed}"));
        let list = diagnostics(&check(&file, &edited));
        let found = find(&list, "GK407");
        assert_eq!(found.len(), 1, "{signed}: {found:#?}");
        assert_eq!(found[0]["severity"], "error");
        assert_eq!(found[0]["span"]["line"], 413);
        let start = found[0]["span"]["start"].as_u64().unwrap() as usize;
        let end = found[0]["span"]["end"].as_u64().unwrap() as usize;
        assert_eq!(&edited[start..end], signed);
        assert!(
            found[0]["message"].as_str().unwrap().ends_with(reason),
            "{}",
            found[0]["message"]
        );
    }
    // A leap day in a leap year, and the seed's own (early, but real) date.
    for signed in ["2024年2月29日", "2020年1月20日"] {
        let edited = text.replace("\n2020年1月20日", &format!("\n{signed}"));
        assert!(find(&diagnostics(&check(&file, &edited)), "GK407").is_empty());
    }
    // Without a year, 2月29日 may be real; 2月30日 never is.
    let edited = text.replace("\n2020年1月20日", "\n于2月29日、2月30日发布");
    let found: Vec<String> = find(&diagnostics(&check(&file, &edited)), "GK407")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found, ["日期“2月30日”不存在：2月最多29天"]);
}
