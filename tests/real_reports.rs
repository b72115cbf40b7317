//! The reviewed findings on every real report under `tests/fixtures/` (the
//! seeds, the corpus of web, PDF and mirror copies, and the Word and web
//! page inputs): each has a file under `tests/fixtures/expected/` listing
//! its expected findings (code, line) with a one-line reason a person wrote
//! after reading the report. Any new or vanished finding fails this test,
//! like a snapshot, so every change in behaviour on real reports is seen
//! and judged.
//!
//! After a change, `UPDATE_EXPECTED=1 cargo test --test real_reports`
//! rewrites the files: findings that stay keep their reasons, new ones get
//! the reason `UNREVIEWED: <message>`, which fails the test until a person
//! replaces it with the judgement (why the finding is right, or an issue to
//! fix).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use xxgk_lint::{FileOptions, Linter};

/// The folders of real reports, relative to `tests/fixtures`.
const FOLDERS: [&str; 4] = ["seeds", "corpus", "inputs", "annotate"];

const UNREVIEWED: &str = "UNREVIEWED";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(default)]
    finding: Vec<Finding>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Finding {
    code: String,
    line: usize,
    reason: String,
}

/// A finding as linted: code, line, message.
#[derive(Clone, Debug)]
struct Found {
    code: String,
    line: usize,
    message: String,
}

fn reports() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for folder in FOLDERS {
        for entry in std::fs::read_dir(common::fixture(folder)).unwrap() {
            let path = entry.unwrap().path();
            let report = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["txt", "docx", "html", "htm"].contains(&e));
            if report {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                files.push((format!("{folder}/{name}"), path));
            }
        }
    }
    files.sort();
    files
}

fn lint(linter: &Linter, path: &Path) -> Vec<Found> {
    let bytes = std::fs::read(path).unwrap();
    let input = xxgk_lint::input::load(path, &bytes, None).unwrap();
    let linted = linter.lint_input(&input, &FileOptions::default());
    linted
        .diagnostics
        .iter()
        .map(|d| Found {
            code: d.code.clone(),
            line: linted.report.line_index.line_of(d.span.start) + 1,
            message: d.message.clone(),
        })
        .collect()
}

fn expected_path(name: &str) -> PathBuf {
    common::fixture(&format!("expected/{name}.toml"))
}

fn read_expected(name: &str) -> Expected {
    match std::fs::read_to_string(expected_path(name)) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}")),
        Err(_) => Expected::default(),
    }
}

/// Writes the expected findings of `name`: reasons kept where the finding
/// stays, `UNREVIEWED` for new ones.
fn write_expected(name: &str, header: &str, found: &[Found], old: &Expected) {
    let mut reasons: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for finding in &old.finding {
        reasons
            .entry((finding.code.clone(), finding.line))
            .or_default()
            .push(finding.reason.clone());
    }
    let mut out = String::from(header);
    for finding in found {
        let reason = reasons
            .get_mut(&(finding.code.clone(), finding.line))
            .and_then(|list| (!list.is_empty()).then(|| list.remove(0)))
            .unwrap_or_else(|| format!("{UNREVIEWED}: {}", finding.message));
        let _ = writeln!(
            out,
            "\n[[finding]]\ncode = \"{}\"\nline = {}\nreason = {}",
            finding.code,
            finding.line,
            toml::Value::String(reason)
        );
    }
    let path = expected_path(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, out).unwrap();
}

/// The comment lines at the top of an expected file (kept on update).
fn header_of(name: &str) -> String {
    let text = std::fs::read_to_string(expected_path(name)).unwrap_or_default();
    let header: String = text
        .lines()
        .take_while(|line| line.starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect();
    if header.is_empty() {
        format!("# {name}: the findings a person reviewed on this report.\n")
    } else {
        header
    }
}

#[test]
fn findings_on_real_reports_are_the_reviewed_ones() {
    let linter = Linter::builtin().unwrap();
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut problems = String::new();
    let mut total = 0;
    for (name, path) in reports() {
        let found = lint(&linter, &path);
        total += found.len();
        let expected = read_expected(&name);
        if update {
            write_expected(&name, &header_of(&name), &found, &expected);
            continue;
        }
        let key = |code: &str, line: usize| format!("{code} line {line}");
        let mut left: Vec<(String, &Finding)> = expected
            .finding
            .iter()
            .map(|f| (key(&f.code, f.line), f))
            .collect();
        for finding in &found {
            let k = key(&finding.code, finding.line);
            match left.iter().position(|(other, _)| *other == k) {
                Some(at) => {
                    left.remove(at);
                }
                None => {
                    let _ = writeln!(problems, "{name}: new {k}: {}", finding.message);
                }
            }
        }
        for (k, finding) in left {
            let _ = writeln!(problems, "{name}: vanished {k} ({})", finding.reason);
        }
        for finding in &expected.finding {
            if finding.reason.starts_with(UNREVIEWED) || finding.reason.trim().is_empty() {
                let _ = writeln!(
                    problems,
                    "{name}: {} line {} is not reviewed: {}",
                    finding.code, finding.line, finding.reason
                );
            }
        }
    }
    assert!(total > 50, "only {total} findings on the real reports");
    assert!(
        problems.is_empty(),
        "findings on real reports changed; read each report, then run \
         `UPDATE_EXPECTED=1 cargo test --test real_reports` and write the reason \
         of each new finding in tests/fixtures/expected/:\n{problems}"
    );
}

/// The corpus beside the project (`../shared/corpus`, where present) is the
/// one under `tests/fixtures/corpus`, so its findings are reviewed too.
#[test]
fn the_shared_corpus_is_the_reviewed_one() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        eprintln!("../shared/corpus not found: nothing to compare");
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let ours = common::fixture(&format!("corpus/{name}"));
            assert_eq!(
                std::fs::read(&path).unwrap(),
                std::fs::read(&ours).unwrap_or_default(),
                "../shared/corpus/{name} differs from tests/fixtures/corpus/{name}"
            );
        }
    }
}
