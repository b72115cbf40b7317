//! Reports checked as an archive: the hand-written fixture archive
//! (tests/fixtures/archive, real reports with the years moved on) with its
//! expected cross-year findings, the agencies file and command, and the
//! export round trips (CSV and xlsx against `dump`).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk-lint").unwrap()
}

fn archive_dir() -> String {
    common::fixture("archive").display().to_string()
}

const ARCHIVE_CODES: [&str; 3] = ["GK608", "GK609", "GK610"];

/// (file name, code, line) of every cross-year finding.
fn cross_year_findings(json: &Value) -> BTreeSet<(String, String, u64)> {
    let mut found = BTreeSet::new();
    for file in json["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap().replace('\\', "/");
        let short = path.rsplit('/').take(2).collect::<Vec<_>>();
        let short = format!("{}/{}", short[1], short[0]);
        for diagnostic in file["diagnostics"].as_array().unwrap() {
            let code = diagnostic["code"].as_str().unwrap();
            if ARCHIVE_CODES.contains(&code) {
                found.insert((
                    short.clone(),
                    code.to_string(),
                    diagnostic["span"]["line"].as_u64().unwrap(),
                ));
            }
        }
    }
    found
}

#[test]
fn the_fixture_archive_gives_its_expected_cross_year_findings() {
    let output = xxgk()
        .args(["check", "--format", "json", "--exit-zero", &archive_dir()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected: BTreeSet<(String, String, u64)> = [
        ("溪口镇/2022.txt", "GK608", 90),
        ("溪口镇/2022.txt", "GK608", 96),
        ("溪口镇/2022.txt", "GK609", 31),
    ]
    .into_iter()
    .map(|(file, code, line)| (file.to_string(), code.to_string(), line))
    .collect();
    // 派镇 2020 → 2021 (named 米林县派镇人民政府, then 派镇) carries over
    // consistently: nothing on it.
    assert_eq!(cross_year_findings(&json), expected);
    // Each finding names last year's file and line.
    let findings: Vec<&Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| file["diagnostics"].as_array().unwrap())
        .filter(|d| d["code"] == "GK608")
        .collect();
    let lines: BTreeSet<u64> = findings
        .iter()
        .flat_map(|d| d["labels"].as_array().unwrap())
        .filter(|label| label["path"].is_string())
        .inspect(|label| {
            assert!(
                label["path"].as_str().unwrap().ends_with("2021.txt"),
                "{label}"
            );
        })
        .map(|label| label["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, BTreeSet::from([339, 345]));
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("2021.txt 第 339 行"),
        "{}",
        findings[0]["message"]
    );
}

#[test]
fn one_report_alone_gets_no_cross_year_finding_and_the_statistics_say_why() {
    let file = common::fixture("archive/溪口镇/2022.txt");
    let output = xxgk()
        .args(["check", "--format", "json", "--exit-zero"])
        .arg(&file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(cross_year_findings(&json).is_empty());

    let output = xxgk()
        .args(["check", "--format", "json", "--exit-zero", "--no-archive"])
        .arg(archive_dir())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(cross_year_findings(&json).is_empty());

    let output = xxgk()
        .args(["check", "--format", "short", "--exit-zero", "--statistics"])
        .arg(common::fixture("archive/溪口镇/2022.txt"))
        .arg(common::fixture("seeds/000_2151cf99f8675f31.txt"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("0 份报告与同一机关上一年度报告比较；2 份没有上一年度报告"),
        "{stdout}"
    );
    let output = xxgk()
        .args([
            "check",
            "--format",
            "short",
            "--exit-zero",
            "--statistics",
            "--lang",
            "en",
            &archive_dir(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("cross-year: 2 report(s) compared"),
        "{stdout}"
    );
    assert!(stdout.contains("the 2021 report ("), "{stdout}");
}

#[test]
fn sarif_and_human_formats_point_at_last_years_report() {
    let output = xxgk()
        .args(["check", "--format", "sarif", "--exit-zero", &archive_dir()])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let carry: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "GK608").collect();
    assert_eq!(carry.len(), 2);
    for result in carry {
        let related = result["relatedLocations"].as_array().unwrap();
        assert!(related.iter().any(|location| {
            location["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|uri| uri.ends_with("2021.txt"))
        }));
    }
    let output = xxgk()
        .args(["check", "--format", "human", "--exit-zero", &archive_dir()])
        .output()
        .unwrap();
    let human = String::from_utf8(output.stdout).unwrap();
    assert!(human.contains("GK608"), "{human}");
    assert!(human.contains("2021.txt:339:"), "{human}");
}

#[test]
fn the_agencies_command_links_renamed_reports_and_follows_the_agencies_file() {
    let output = xxgk()
        .args(["agencies", "--json", &archive_dir()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let paizhen = list
        .as_array()
        .unwrap()
        .iter()
        .find(|agency| agency["id"] == "米林县派镇")
        .unwrap();
    assert_eq!(paizhen["years"], serde_json::json!([2020, 2021]));
    assert_eq!(paizhen["level"], "township");

    // An agencies file maps both to a stable id, with a parent.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture("archive"), dir.path());
    std::fs::write(
        dir.path().join("xxgk-agencies.csv"),
        "id,name,aliases,paths,level,parent\nmilin,米林县人民政府,,,county,\nxikou,溪口镇人民政府,,溪口镇/*.txt,,milin\n",
    )
    .unwrap();
    let output = xxgk()
        .args(["agencies", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let xikou = list
        .as_array()
        .unwrap()
        .iter()
        .find(|agency| agency["id"] == "xikou")
        .unwrap();
    assert_eq!(xikou["parent"], "milin");
    assert_eq!(xikou["files"].as_array().unwrap().len(), 2);
    // The cross-year findings follow the mapping.
    let output = xxgk()
        .args(["check", "--format", "json", "--exit-zero"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(cross_year_findings(&json).len(), 3);

    // A broken agencies file stops the run with its reason.
    std::fs::write(dir.path().join("xxgk-agencies.csv"), "id,colour\nx,red\n").unwrap();
    let output = xxgk().args(["agencies"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown column `colour`"), "{stderr}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `dump`'s cells of a report: (full key, value as text or "", line).
fn dump_cells(path: &Path) -> BTreeSet<(String, String, String)> {
    let output = xxgk().arg("dump").arg(path).output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut cells = BTreeSet::new();
    for (table, value) in json["tables"].as_object().unwrap() {
        let Some(found) = value.as_object() else {
            continue;
        };
        for (key, cell) in found["cells"].as_object().unwrap() {
            let value = match &cell["value"] {
                Value::Null => String::new(),
                Value::Number(number) => number.to_string(),
                other => panic!("{other}"),
            };
            cells.insert((format!("{table}.{key}"), value, cell["line"].to_string()));
        }
    }
    cells
}

/// A decimal as `dump` writes it (an integer, or a JSON float).
fn as_dump_number(text: &str) -> String {
    if text.is_empty() || !text.contains('.') {
        return text.to_string();
    }
    serde_json::Number::from_f64(text.parse().unwrap())
        .unwrap()
        .to_string()
}

#[test]
fn the_csv_export_reads_back_as_dumps_cells_for_every_fixture() {
    let mut files: Vec<std::path::PathBuf> = common::all_reports()
        .iter()
        .map(|file| common::fixture(file))
        .collect();
    files.sort();
    let output = xxgk()
        .args(["export", "--format", "csv"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (file, key, value, line, status) = (
        column("file"),
        column("key"),
        column("value"),
        column("line"),
        column("status"),
    );
    let mut exported: std::collections::BTreeMap<String, BTreeSet<(String, String, String)>> =
        Default::default();
    for record in reader.records() {
        let record = record.unwrap();
        // Blanks stay blank: never a 0 where the report wrote nothing.
        if record[status] != *"number" {
            assert_eq!(&record[value], "", "{record:?}");
        }
        exported
            .entry(record[file].to_string())
            .or_default()
            .insert((
                record[key].to_string(),
                as_dump_number(&record[value]),
                record[line].to_string(),
            ));
    }
    let mut checked = 0;
    for path in &files {
        let want = dump_cells(path);
        let got = exported
            .remove(&path.display().to_string())
            .unwrap_or_default();
        assert_eq!(got, want, "{}", path.display());
        checked += usize::from(!want.is_empty());
    }
    assert!(checked >= 20, "only {checked} fixtures with cells");
}

#[test]
fn the_xlsx_export_opens_with_the_same_values_and_the_wide_form_has_labels() {
    use calamine::{Data, Reader as _, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cells.xlsx");
    let csv = xxgk()
        .args(["export", "--format", "csv", &archive_dir()])
        .output()
        .unwrap();
    let status = xxgk()
        .args(["export", "--format", "xlsx", "-o"])
        .arg(&path)
        .arg(archive_dir())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let range = workbook.worksheet_range("cells").unwrap();
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(range.height(), records.len() + 1);
    let value_column = 11;
    for (row, record) in records.iter().enumerate() {
        let cell = range.get((row + 1, value_column)).unwrap();
        match cell {
            Data::Empty => assert_eq!(&record[value_column], ""),
            Data::Float(number) => {
                assert_eq!(number.to_string(), record[value_column], "row {row}");
            }
            Data::String(text) => assert_eq!(text, &record[value_column]),
            other => panic!("{other:?}"),
        }
        let key = range.get((row + 1, 9)).unwrap();
        assert_eq!(key.to_string(), record[9]);
    }

    let wide = xxgk()
        .args(["export", "--wide", "--format", "csv", &archive_dir()])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(wide.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let carried = headers
        .iter()
        .position(|h| h.contains("[applications.carried_in.total]"))
        .unwrap();
    assert!(headers[carried].starts_with("二、上年结转政府信息公开申请数量"));
    let file = headers.iter().position(|h| h == "file").unwrap();
    let xikou_2022 = rows
        .iter()
        .find(|row| row[file].ends_with("2022.txt"))
        .unwrap();
    assert_eq!(&xikou_2022[carried], "1");
    // A cell of the other format stays empty, not 0.
    let prev_items = headers
        .iter()
        .position(|h| h.contains("[active.licensing.prev_items]"))
        .unwrap();
    assert_eq!(&xikou_2022[prev_items], "");
}

#[test]
fn export_refuses_bad_requests_with_exit_2() {
    let output = xxgk()
        .args(["export", "--format", "xlsx", &archive_dir()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("-o FILE.xlsx")
    );
    let output = xxgk().args(["export"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
