//! Tests for pack authors (`xxgk-lint test`) and for the built-in packs
//! (`tests/rule_examples.rs`): a pack's examples, and report files with
//! expectations written in a sidecar `NAME.expect.toml`. It sits above
//! both `packs` and `linter`, which it uses.

use serde::Deserialize;

use crate::linter::{FileOptions, Linter};

/// The outcome of one test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub name: String,
    /// `None` when the case passed; the reason otherwise.
    pub failure: Option<String>,
}

/// `NAME.expect.toml` beside a test report.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    /// Pack files (in the packs' folder) to lint with; default: every pack
    /// of the folder.
    #[serde(default)]
    pub packs: Vec<String>,
    /// Report year, when the report does not say it.
    #[serde(default)]
    pub year: Option<i32>,
    /// Codes that must fire: `"GK204"`, or `"GK204@93"` on line 93.
    #[serde(default)]
    pub fires: Vec<String>,
    /// Codes that must not fire.
    #[serde(default)]
    pub silent: Vec<String>,
    /// No error-severity finding at all (the default when no code is
    /// expected to fire).
    #[serde(default)]
    pub clean: Option<bool>,
}

/// Runs the examples of the rules that `pack_id` defines or changes.
#[must_use]
pub fn run_examples(linter: &Linter, pack_id: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (_, rules) in linter.variants() {
        for rule in &rules.rules {
            let meta = &rule.meta;
            if meta.origin != pack_id || !seen.insert(meta.code.clone()) {
                continue;
            }
            for (index, example) in meta.examples.iter().enumerate() {
                let options = FileOptions {
                    year: example.year,
                    agency_kind: example.agency_kind,
                    path: None,
                };
                for (text, must_fire) in [(&example.invalid, true), (&example.valid, false)] {
                    let Some(text) = text else { continue };
                    let mut linted = linter.lint(text, &options);
                    if let Some(prev) = &example.prev {
                        linted.diagnostics =
                            linter.lint_pair(("prev.txt", prev), ("example.txt", text), &options);
                    } else if example.year.is_none() && linted.report.year().is_none() {
                        // An example whose year is neither given nor written
                        // runs under the rule's own national pack (a report
                        // without a year gets the default one).
                        linted.diagnostics =
                            rules.run(&linted.report, text, linter.templates(), linter.lang);
                    }
                    let fired: Vec<usize> = linted
                        .diagnostics
                        .iter()
                        .filter(|d| d.code == meta.code)
                        .map(|d| linted.report.line_index.line_col(text, d.span.start).line)
                        .collect();
                    let kind = if must_fire { "invalid" } else { "valid" };
                    let failure = match (must_fire, fired.is_empty()) {
                        (true, true) => {
                            let codes: Vec<&str> =
                                linted.diagnostics.iter().map(|d| d.code.as_str()).collect();
                            Some(format!("{} did not fire (found {codes:?})", meta.code))
                        }
                        (false, false) => Some(format!("{} fired on line(s) {fired:?}", meta.code)),
                        _ => None,
                    };
                    cases.push(Case {
                        name: format!("{pack_id} {} example {} ({kind})", meta.code, index + 1),
                        failure,
                    });
                }
            }
        }
    }
    cases
}

/// Checks a report against its expectations.
#[must_use]
pub fn run_report(linter: &Linter, name: &str, text: &str, expect: &Expectations) -> Case {
    let options = FileOptions {
        year: expect.year,
        agency_kind: None,
        path: None,
    };
    let linted = linter.lint(text, &options);
    let found: Vec<(String, usize)> = linted
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                linted.report.line_index.line_col(text, d.span.start).line,
            )
        })
        .collect();
    let mut problems = Vec::new();
    // A mistyped code would make its expectation pass or fail for nothing.
    let known: std::collections::BTreeSet<&str> = linter
        .variants()
        .flat_map(|(_, set)| set.rules.iter().map(|rule| rule.meta.code.as_str()))
        .collect();
    for code in expect
        .fires
        .iter()
        .map(|wanted| {
            wanted
                .split_once('@')
                .map_or(wanted.as_str(), |(code, _)| code)
        })
        .chain(expect.silent.iter().map(String::as_str))
    {
        if !known.contains(code) {
            problems.push(format!("{code} is not a code of these packs"));
        }
    }
    for wanted in &expect.fires {
        let (code, line) = match wanted.split_once('@') {
            Some((code, line)) => (code, line.parse::<usize>().ok()),
            None => (wanted.as_str(), None),
        };
        let hit = found
            .iter()
            .any(|(c, l)| c == code && line.is_none_or(|line| *l == line));
        if !hit {
            let lines: Vec<usize> = found
                .iter()
                .filter(|(c, _)| c == code)
                .map(|(_, l)| *l)
                .collect();
            problems.push(match (line, lines.is_empty()) {
                (Some(line), false) => {
                    format!("{code} expected on line {line}, found on line(s) {lines:?}")
                }
                _ => format!("{code} expected, not found"),
            });
        }
    }
    for code in &expect.silent {
        let lines: Vec<usize> = found
            .iter()
            .filter(|(c, _)| c == code)
            .map(|(_, l)| *l)
            .collect();
        if !lines.is_empty() {
            problems.push(format!(
                "{code} must stay silent, found on line(s) {lines:?}"
            ));
        }
    }
    if expect.clean.unwrap_or(expect.fires.is_empty()) {
        let errors: Vec<String> = linted
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| {
                format!(
                    "{}@{}",
                    d.code,
                    linted.report.line_index.line_col(text, d.span.start).line
                )
            })
            .collect();
        if !errors.is_empty() {
            problems.push(format!("expected no error, found {errors:?}"));
        }
    }
    Case {
        name: name.to_string(),
        failure: (!problems.is_empty()).then(|| problems.join("; ")),
    }
}
