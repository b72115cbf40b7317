//! The command line as CI users run it: inputs, configuration discovery,
//! baselines, exit codes and every output format.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn xxgk() -> Command {
    Command::cargo_bin("xxgk-lint").unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A folder with copies of the seed and corpus reports.
fn archive(copies: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let reports = common::all_reports();
    for i in 0..copies {
        let file = &reports[i % reports.len()];
        let sub = dir
            .path()
            .join(format!("区{}", i % 5))
            .join(format!("镇{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(
            common::fixture(file),
            sub.join(format!(
                "{i:03}-{}",
                Path::new(file).file_name().unwrap().to_str().unwrap()
            )),
        )
        .unwrap();
    }
    dir
}

fn seed_copy(dir: &Path, prefix: &str, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(common::fixture(&common::seed(prefix)), &path).unwrap();
    path
}

#[test]
fn a_quoted_glob_lints_a_nested_archive_in_a_stable_order() {
    let dir = archive(200);
    let pattern = format!("{}/**/*.txt", dir.path().display());
    let first = xxgk()
        .args(["check", "--format", "short", &pattern])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let second = xxgk()
        .args(["check", "--format", "short", "--jobs", "1", &pattern])
        .output()
        .unwrap();
    assert_eq!(first.stdout, second.stdout, "output differs between runs");
    let text = stdout(&first);
    let files: std::collections::BTreeSet<&str> =
        text.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert!(files.len() > 150, "{} files reported", files.len());
    // Ordered by path, then position.
    let paths: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    let json = xxgk()
        .args(["check", "--format", "json", &pattern])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 200);
}

#[test]
fn exit_codes_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let clean = seed_copy(dir.path(), "001", "clean.txt");
    let broken = seed_copy(dir.path(), "003", "broken.txt");
    let cases: [(&[&str], &Path, i32); 7] = [
        (&[], &clean, 0),
        (&[], &broken, 1),
        (&["--exit-zero"], &broken, 0),
        // seed 001 has two warnings and no error: --max-warnings 0 fails.
        (&["--max-warnings", "0"], &clean, 1),
        (&["--max-warnings", "5"], &clean, 0),
        (&["--ignore", "GK101,GK403"], &broken, 0),
        (&["--select", "GK101"], &broken, 1),
    ];
    for (flags, file, code) in cases {
        let out = xxgk()
            .args(["check", "--format", "short"])
            .args(flags)
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{flags:?} {}: {}",
            file.display(),
            stdout(&out)
        );
    }
    let out = xxgk()
        .args(["check", "--format", "short", "--select", "GK4"])
        .arg(&broken)
        .output()
        .unwrap();
    assert!(
        stdout(&out).lines().all(|l| l.contains("[GK4")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn missing_and_unreadable_inputs_exit_2_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    // A report with findings (two warnings), so its lines show it was linted.
    let good = seed_copy(dir.path(), "001", "good.txt");
    let missing = dir.path().join("没有这个文件.txt");
    let out = xxgk()
        .args(["check", "--format", "short"])
        .arg(&missing)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有这个文件.txt"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("good.txt"),
        "the other file is still linted"
    );
    let out = xxgk()
        .args(["check"])
        .arg(dir.path().join("no-such-dir"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-dir"));
    #[cfg(unix)]
    {
        let link = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink(dir.path().join("gone"), &link).unwrap();
        let out = xxgk().args(["check"]).arg(&link).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("dangling.txt"), "{}", stderr(&out));
    }
    let out = xxgk()
        .args(["check", "--format", "short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_subfolder_config_silences_a_code_there_only() {
    let dir = tempfile::tempdir().unwrap();
    seed_copy(dir.path(), "003", "县/报告.txt");
    seed_copy(dir.path(), "003", "县/乡镇/报告.txt");
    std::fs::write(
        dir.path().join("县/乡镇/xxgk-lint.toml"),
        "[severity]\nGK403 = \"off\"\n",
    )
    .unwrap();
    let out = xxgk()
        .args(["check", "--format", "short"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = stdout(&out);
    let lines_403: Vec<&str> = text.lines().filter(|l| l.contains("[GK403]")).collect();
    assert_eq!(lines_403.len(), 1, "{text}");
    assert!(!lines_403[0].contains("乡镇"), "{text}");
    // Severity changes too, and the nearest config wins.
    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "[severity]\nGK502 = \"error\"\n",
    )
    .unwrap();
    let out = xxgk()
        .args(["check", "--format", "short"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.contains("县/报告.txt") && l.contains("error[GK502]")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("乡镇/报告.txt") && l.contains("warning[GK502]")),
        "{text}"
    );
}

#[test]
fn a_mistyped_code_in_a_config_fails_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let report = seed_copy(dir.path(), "003", "r.txt");
    for (config, line, code) in [
        (
            "ignore = [\"GK502\"]\n\n[severity]\nGK9999 = \"off\"\n",
            4,
            "GK9999",
        ),
        ("lang = \"zh\"\nselect = [\"GK9\"]\n", 2, "GK9"),
        (
            "[[overrides]]\nfiles = [\"*.txt\"]\nignore = [\"GK4O3\"]\n",
            3,
            "GK4O3",
        ),
    ] {
        std::fs::write(dir.path().join("xxgk-lint.toml"), config).unwrap();
        let out = xxgk()
            .args(["check", "--format", "short"])
            .arg(&report)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = stderr(&out);
        assert!(err.contains(code), "{err}");
        assert!(err.contains(&format!("xxgk-lint.toml:{line}")), "{err}");
    }
    // On the command line too.
    std::fs::remove_file(dir.path().join("xxgk-lint.toml")).unwrap();
    let out = xxgk()
        .args(["check", "--ignore", "GK403,GK4O6"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("GK4O6"), "{}", stderr(&out));
    // Real codes and prefixes are accepted.
    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "select = [\"GK4\", \"GK1\"]\n[severity]\nGK403 = \"warning\"\n",
    )
    .unwrap();
    let out = xxgk()
        .args(["check", "--format", "short"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn an_unknown_config_key_fails_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let report = seed_copy(dir.path(), "004", "r.txt");
    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "select = [\"GK\"]\n\n[severity]\nGK101 = \"off\"\n\n[overides]\n",
    )
    .unwrap();
    let out = xxgk()
        .args(["check", "--format", "short"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("overides"), "{err}");
    assert!(err.contains("xxgk-lint.toml:6"), "points at line 6: {err}");
    // A bad value too.
    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "[severity]\nGK101 = \"loud\"\n",
    )
    .unwrap();
    let out = xxgk().args(["check"]).arg(&report).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("xxgk-lint.toml:2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_baseline_absorbs_known_findings_but_not_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let report = seed_copy(dir.path(), "003", "reports/派镇.txt");
    seed_copy(dir.path(), "000", "reports/白毛坪.txt");
    let baseline = dir.path().join("baseline.json");
    let out = xxgk()
        .current_dir(dir.path())
        .args([
            "check",
            "reports",
            "--format",
            "short",
            "--write-baseline",
            "baseline.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(baseline.exists());
    // From another working directory, an unchanged tree is clean.
    let out = xxgk()
        .args(["check", "--format", "short", "--baseline"])
        .arg(&baseline)
        .arg(dir.path().join("reports"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    // Lines added above the findings do not resurrect them …
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("\n\n{text}")).unwrap();
    let out = xxgk()
        .args(["check", "--format", "short", "--baseline"])
        .arg(&baseline)
        .arg(dir.path().join("reports"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // … but a new error fails.
    let text = std::fs::read_to_string(&report).unwrap().replace(
        "2020年1月1日至2020年12月31日",
        "2019年1月1日至2019年12月31日",
    );
    std::fs::write(&report, text).unwrap();
    let out = xxgk()
        .args(["check", "--format", "short", "--baseline"])
        .arg(&baseline)
        .arg(dir.path().join("reports"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("GK401"), "{}", stdout(&out));
}

#[test]
fn a_new_blank_row_is_the_finding_a_baseline_reports() {
    // Seed 001 is a Word table saved as text: every cell a TAB-indented
    // line, so a blank cell is a TAB alone on its line, alike in every row.
    // With one row blanked in the baseline, blanking another must report
    // that row, not the old one.
    let dir = tempfile::tempdir().unwrap();
    let report = seed_copy(dir.path(), "001", "溪口镇.txt");
    let blank_row = |label: &str| {
        let text = std::fs::read_to_string(&report).unwrap();
        let at = text.find(label).unwrap() + label.len();
        let row_end = at + text[at..].find("\n\n").unwrap();
        let blanked: String = text[at..row_end]
            .split('\n')
            .map(|line| {
                if line.trim().is_empty() {
                    line.to_string()
                } else {
                    "\t".to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert_ne!(blanked, text[at..row_end]);
        std::fs::write(
            &report,
            format!("{}{blanked}{}", &text[..at], &text[row_end..]),
        )
        .unwrap();
    };
    blank_row("（一）予以公开");
    let baseline = dir.path().join("baseline.json");
    let out = xxgk()
        .args(["check", "--format", "short", "--write-baseline"])
        .arg(&baseline)
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let label = "四、结转下年度继续办理";
    blank_row(label);
    let out = xxgk()
        .args(["check", "--format", "short", "--baseline"])
        .arg(&baseline)
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let new: Vec<String> = stdout(&out)
        .lines()
        .filter(|line| line.contains("GK207"))
        .map(str::to_string)
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains(label), "{new:?}");
}

#[test]
fn machine_formats_record_the_files_that_could_not_be_linted() {
    let dir = tempfile::tempdir().unwrap();
    let good = seed_copy(dir.path(), "004", "good.txt");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n...").unwrap();
    let run = |format: &str| {
        let out = xxgk()
            .args(["check", "--format", format])
            .arg(&good)
            .arg(&pdf)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        stdout(&out)
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let failed = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("report.pdf"))
        .unwrap();
    assert!(failed["report"].is_null());
    assert!(
        failed["error"].as_str().unwrap().contains("PDF"),
        "{failed}"
    );
    assert_eq!(json["summary"]["failed"], 1);
    assert_eq!(json["summary"]["files"], 1);

    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("report.pdf")
    );

    let junit = run("junit");
    assert!(junit.contains("errors=\"1\""), "{junit}");
    assert!(junit.contains("<error type=\"input\""), "{junit}");

    let github = run("github");
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::error file=") && l.contains("report.pdf")),
        "{github}"
    );
}

#[test]
fn standard_input_with_a_file_name() {
    let text = common::read_fixture(&common::seed("003"));
    let out = xxgk()
        .args([
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "送审/派镇.txt",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .lines()
            .all(|l| l.starts_with("送审/派镇.txt:")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn github_annotations_are_workflow_commands() {
    let out = xxgk()
        .current_dir(common::fixture(""))
        .args(["check", "--format", "github", &common::seed("003")])
        .output()
        .unwrap();
    let text = stdout(&out);
    let command = regex::Regex::new(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]+::\S.*$").unwrap();
    assert!(!text.is_empty());
    for line in text.lines() {
        assert!(command.is_match(line), "not a workflow command: {line}");
    }
    assert!(
        text.contains("::error file=seeds/003_d8db3fee38bc6029.txt,line=413,col=1,"),
        "{text}"
    );
    insta::assert_snapshot!("github_003", text);
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let out = xxgk()
        .current_dir(common::fixture(""))
        .args(["check", "--format", "sarif", "seeds"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&common::read_fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let mut used: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    used.sort_unstable();
    used.dedup();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, used, "one rules entry per code used");
    for rule in rules {
        assert!(
            rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{rule}"
        );
        assert!(
            rule["helpUri"]
                .as_str()
                .is_some_and(|u| u.starts_with("https://")),
            "{rule}"
        );
    }
    let signed = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "GK403")
        .unwrap();
    let region = &signed["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 413);
    assert_eq!(region["startColumn"], 1);
    assert_eq!(
        signed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "seeds/003_d8db3fee38bc6029.txt"
    );
}

#[test]
fn machine_formats_snapshots() {
    let seed = common::seed("001");
    for format in ["json", "short", "junit", "sarif"] {
        let out = xxgk()
            .current_dir(common::fixture(""))
            .args(["check", "--format", format, &seed])
            .output()
            .unwrap();
        // The working directory is the SARIF log's %SRCROOT%.
        let root = format!(
            "{}/",
            xxgk_lint::render::sarif::file_uri(&common::fixture("")).trim_end_matches('/')
        );
        let text = stdout(&out)
            .replace(env!("CARGO_PKG_VERSION"), "[version]")
            .replace(&root, "file:///[fixtures]/");
        insta::assert_snapshot!(format!("format_{format}_001"), text);
    }
}

#[test]
fn junit_has_one_case_per_file_and_statistics_count_codes() {
    let out = xxgk()
        .current_dir(common::fixture(""))
        .args(["check", "--format", "junit", "seeds"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(text.matches("<testcase ").count(), 5);
    assert_eq!(
        text.matches("<failure ").count(),
        2,
        "seeds 000 and 003 have errors"
    );
    let out = xxgk()
        .current_dir(common::fixture(""))
        .args([
            "check",
            "--format",
            "short",
            "--statistics",
            &common::seed("000"),
        ])
        .output()
        .unwrap();
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.trim_start().starts_with("2  GK207  blank-cell")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn output_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let out = xxgk()
        .args(["check", "--format", "json", "-o"])
        .arg(&target)
        .arg(common::fixture(&common::seed("004")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    xxgk().args(["init"]).arg(dir.path()).assert().success();
    let written = std::fs::read_to_string(dir.path().join("xxgk-lint.toml")).unwrap();
    assert!(written.contains("extends = [\"national\"]"));
    let out = xxgk().args(["init"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    xxgk()
        .args(["init", "--force"])
        .arg(dir.path())
        .assert()
        .success();
    // The starter config is a valid config.
    seed_copy(dir.path(), "004", "r.txt");
    xxgk()
        .args(["check", "--format", "short"])
        .arg(dir.path())
        .assert()
        .success();
}
