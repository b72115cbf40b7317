//! `check --fix`, `--diff` and `--unsafe-fixes` on real reports: a broken
//! copy of a consistent seed, fixed, must give the seed back byte for byte
//! in every encoding and line ending; fixes that guess are not applied
//! without `--unsafe-fixes`; a second `--fix` changes nothing.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk-lint").unwrap()
}

/// Sets the `value`-th value after the row label `label` (values are the
/// non-empty lines that follow it, tab-indented in the Word layout) to
/// `new`.
fn set_value(text: &str, label: &str, value: usize, new: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let at = lines
        .iter()
        .position(|line| line.contains(label))
        .unwrap_or_else(|| panic!("no row {label}"));
    let line = (at + 1..lines.len())
        .filter(|&i| !lines[i].trim().is_empty() || lines[i].contains('\t'))
        .nth(value)
        .unwrap();
    let indent: String = lines[line].chars().take_while(|c| *c == '\t').collect();
    lines[line] = format!("{indent}{new}");
    lines.join("\n")
}

/// The bytes of `text` as a file in `encoding`, with `\r\n` line breaks
/// when `crlf`, and the encoding's byte order mark when `bom`.
fn bytes(text: &str, encoding: &'static encoding_rs::Encoding, crlf: bool, bom: bool) -> Vec<u8> {
    let text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text.to_string()
    };
    let mut out = Vec::new();
    if encoding == encoding_rs::UTF_16LE {
        if bom {
            out.extend([0xff, 0xfe]);
        }
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        return out;
    }
    if bom {
        out.extend([0xef, 0xbb, 0xbf]);
    }
    out.extend(encoding.encode(&text).0.iter());
    out
}

fn fix(path: &Path, extra: &[&str]) -> std::process::Output {
    xxgk()
        .args(["check", "--fix", "--format", "short", "--no-progress"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn a_wrong_total_is_fixed_and_no_other_byte_changes_in_any_encoding() {
    let seed = common::read_fixture(&common::seed("001"));
    let broken = set_value(&seed, "一、本年新收政府信息公开申请数量", 6, "\u{a0}5");
    assert_ne!(broken, seed);
    let dir = tempfile::tempdir().unwrap();
    for (name, encoding, crlf, bom) in [
        ("utf8-lf.txt", encoding_rs::UTF_8, false, false),
        ("utf8-crlf.txt", encoding_rs::UTF_8, true, false),
        ("utf8-bom-crlf.txt", encoding_rs::UTF_8, true, true),
        ("gb18030-crlf.txt", encoding_rs::GB18030, true, false),
        ("gb18030-lf.txt", encoding_rs::GB18030, false, false),
        ("utf16-bom.txt", encoding_rs::UTF_16LE, true, true),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes(&broken, encoding, crlf, bom)).unwrap();
        // Conversion debris has a fix of its own; leave it to see the
        // total's fix alone.
        let output = fix(&path, &["--ignore", "GK501"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.contains("已修复 1 处"), "{name}: {stderr}");
        let expected = bytes(&seed, encoding, crlf, bom);
        assert_eq!(std::fs::read(&path).unwrap(), expected, "{name}");
        // A second run changes nothing.
        let again = fix(&path, &["--ignore", "GK501"]);
        assert_eq!(again.status.code(), Some(0), "{name}");
        assert!(String::from_utf8_lossy(&again.stderr).contains("已修复 0 处"));
        assert_eq!(std::fs::read(&path).unwrap(), expected, "{name}");
    }
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let seed = common::read_fixture(&common::seed("001"));
    let broken = set_value(&seed, "一、本年新收政府信息公开申请数量", 6, "5");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    std::fs::write(&path, &broken).unwrap();
    let output = xxgk()
        .args(["check", "--diff", "--no-progress"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(diff.contains("\n-\t5\n+\t3\n"), "{diff}");
    assert!(diff.contains("\n-[bookmark: _GoBack]"), "{diff}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    // Nothing to fix: no diff, exit 0.
    std::fs::write(&path, &seed).unwrap();
    let clean = xxgk()
        .args(["check", "--diff", "--ignore", "GK501"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
}

#[test]
fn a_wrong_addend_is_only_fixed_with_unsafe_fixes() {
    // 新收·自然人 3 → 4: the row total and the column both fail. Setting the
    // total to 4 would break the column, so `--fix` leaves it; which cell
    // is wrong is a guess, offered by --unsafe-fixes.
    let seed = common::read_fixture(&common::seed("001"));
    let broken = set_value(&seed, "一、本年新收政府信息公开申请数量", 0, "4");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    std::fs::write(&path, &broken).unwrap();
    let output = fix(&path, &["--ignore", "GK501"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    let short = String::from_utf8(output.stdout).unwrap();
    assert!(
        short.contains("GK301") && short.contains("GK302"),
        "{short}"
    );

    let output = fix(&path, &["--ignore", "GK501", "--unsafe-fixes"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), seed);
}

#[test]
fn blank_cells_are_filled_with_zero_only_where_the_sums_then_hold() {
    // Seed 000 leaves tables 三 and 四 blank where the format expects 0.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("000.txt");
    std::fs::copy(common::fixture(&common::seed("000")), &path).unwrap();
    let output = fix(&path, &[]);
    let short = String::from_utf8(output.stdout).unwrap();
    assert!(!short.contains("GK207"), "blank cells remain:\n{short}");
    assert!(
        !short.contains("arithmetic") && !short.contains("GK30"),
        "{short}"
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(!fixed.contains("[bookmark: _GoBack]"));
    let model = xxgk_lint::model::Report::read(&fixed);
    let dump = xxgk_lint::dump::dump(&fixed, &model);
    assert_eq!(common::value(&dump, "applications", "granted.natural"), 0);
    assert_eq!(common::value(&dump, "reviews", "cases.review_total"), 0);
    assert_eq!(
        common::value(&dump, "active", "normative.made"),
        163,
        "other cells untouched"
    );
    let before = std::fs::read(&path).unwrap();
    fix(&path, &[]);
    assert_eq!(std::fs::read(&path).unwrap(), before, "second --fix");

    // A blank where the sums need a number other than 0 stays blank.
    let seed = common::read_fixture(&common::seed("001"));
    let blanked = set_value(&seed, "1.本机关不掌握相关政府信息", 0, "");
    std::fs::write(&path, &blanked).unwrap();
    let output = fix(&path, &["--ignore", "GK501"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), blanked);
    let short = String::from_utf8(output.stdout).unwrap();
    assert!(short.contains("GK207"), "{short}");
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let seed = common::read_fixture(&common::seed("001"));
    let broken = set_value(&seed, "一、本年新收政府信息公开申请数量", 6, "\u{a0}5");
    let output = xxgk()
        .args([
            "check", "--fix", "--ignore", "GK501", "--format", "short", "-",
        ])
        .write_stdin(broken)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), seed);
}

#[test]
fn documents_are_linted_but_not_fixed() {
    // Conversion debris in a saved web page: a safe fix in a text file,
    // but a page is changed where it was made.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let page = "<html><head><meta charset=\"utf-8\"></head><body>\
        <p>某镇2021年政府信息公开工作年度报告</p>\
        <p>一、总体情况</p><p>[bookmark: _GoBack]全年主动公开信息12条。</p></body></html>";
    std::fs::write(&path, page).unwrap();
    let output = fix(&path, &[]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), page);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("未修复"), "{stderr}");
    assert!(String::from_utf8(output.stdout).unwrap().contains("GK501"));
}

#[test]
fn fixes_need_fix_or_diff() {
    let output = xxgk()
        .args(["check", "--unsafe-fixes"])
        .arg(common::fixture(&common::seed("001")))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn page_footers_go_with_their_line_in_crlf_text() {
    // Corpus 040 is PDF text with `- 1 -` footers between wrapped lines.
    let text = common::read_fixture("corpus/040.txt").replace('\n', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("040.txt");
    std::fs::write(&path, &text).unwrap();
    let before = xxgk()
        .args(["check", "--format", "short", "--select", "GK506"])
        .arg(&path)
        .output()
        .unwrap();
    let footers = String::from_utf8(before.stdout).unwrap().lines().count();
    assert!(footers >= 3, "footers found in CRLF text: {footers}");
    fix(&path, &["--select", "GK506"]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    let expected: String = text
        .split_inclusive("\r\n")
        .filter(|line| {
            let trimmed = line.trim();
            !(trimmed.starts_with('-') && trimmed.ends_with('-') && trimmed.len() <= 9)
        })
        .collect();
    assert_eq!(fixed, expected);
}
