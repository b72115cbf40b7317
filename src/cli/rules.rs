//! `xxgk-lint rules`, `rules check`, `explain` and `test`: working with
//! rule packs without linting reports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{IntoDiagnostic as _, Result};
use serde_json::json;

use super::ExitStatus;
use super::args::{ExplainArgs, RulesAction, RulesArgs, TestArgs};
use crate::engine::{Lang, RuleMeta};
use crate::linter::{Linter, national_for};
use crate::messages;
use crate::packs::{self, LoadedPack, PackErrors, PackSource};
use crate::testing::{self, Case, Expectations};

/// Loads pack files given on the command line.
fn load_packs(paths: &[PathBuf]) -> Result<Vec<LoadedPack>, PackErrors> {
    let mut packs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match packs::from_file(path) {
            Ok(pack) => packs.push(pack),
            Err(mut problems) => errors.append(&mut problems.errors),
        }
    }
    if errors.is_empty() {
        Ok(packs)
    } else {
        Err(PackErrors { errors })
    }
}

/// The rule packs given on the command line, problems in `lang`.
fn linter_with(paths: &[PathBuf], lang: Lang) -> Result<Linter> {
    let packs = load_packs(paths).map_err(|errors| miette::Report::new(errors.localized(lang)))?;
    Linter::with_packs(packs).map_err(|errors| miette::Report::new(errors.localized(lang)))
}

pub(crate) fn rules(args: &RulesArgs) -> Result<ExitStatus> {
    let lang: Lang = args.lang.map(Into::into).unwrap_or_default();
    if let Some(RulesAction::Check { packs }) = &args.action {
        return check(packs, lang);
    }
    let linter = linter_with(&args.packs, lang)?;
    let metas = effective_rules(&linter, args.year);
    if args.json {
        let list: Vec<_> = metas.iter().map(|meta| rule_json(meta)).collect();
        let json = serde_json::to_string_pretty(&list).unwrap_or_default();
        super::print_out(&format!("{json}\n")).into_diagnostic()?;
        return Ok(ExitStatus::Success);
    }
    let header: Vec<&str> = messages::RULES_HEADER.get(lang).split('|').collect();
    let rows: Vec<[String; 6]> = metas
        .iter()
        .map(|meta| {
            [
                meta.code.clone(),
                meta.name.clone(),
                meta.category.word(lang).to_string(),
                meta.severity.word(lang).to_string(),
                meta.origin.clone(),
                meta.summary(lang).to_string(),
            ]
        })
        .collect();
    // Columns padded by display width (a Han character takes two).
    let mut widths = [0usize; 5];
    for (at, width) in widths.iter_mut().enumerate() {
        *width = rows
            .iter()
            .map(|row| display_width(&row[at]))
            .chain(std::iter::once(display_width(header[at])))
            .max()
            .unwrap_or(0);
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        for (cell, width) in cells.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(width - display_width(cell) + 1));
        }
        out.push_str(cells[5]);
        out.push('\n');
    };
    line([
        header[0], header[1], header[2], header[3], header[4], header[5],
    ]);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]]);
    }
    super::print_out(&out).into_diagnostic()?;
    Ok(ExitStatus::Success)
}

/// Columns a text takes on a terminal (two for a Han character).
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// The rules that apply to reports of `year` (default: the newest
/// national pack), sorted by code.
pub(crate) fn effective_rules(linter: &Linter, year: Option<i32>) -> Vec<&RuleMeta> {
    let national = national_for(Some(year.unwrap_or(2100)), None);
    let mut metas: Vec<&RuleMeta> = linter
        .rules(national)
        .map(|rules| rules.rules.iter().map(|rule| &rule.meta).collect())
        .unwrap_or_default();
    metas.sort_by(|a, b| a.code.cmp(&b.code));
    metas
}

/// A rule as `rules --json` lists it.
pub(crate) fn rule_json(meta: &RuleMeta) -> serde_json::Value {
    json!({
        "code": meta.code,
        "name": meta.name,
        "category": meta.category.as_str(),
        "severity": meta.severity.as_str(),
        "origin": meta.origin,
        "summary": meta.summary,
    })
}

/// The rule `explain` describes: by code (any case) or name, in any
/// national pack.
pub(crate) fn find_rule<'a>(linter: &'a Linter, code_or_name: &str) -> Option<&'a RuleMeta> {
    let code = code_or_name.to_uppercase();
    linter.variants().find_map(|(_, rules)| {
        rules
            .rules
            .iter()
            .find(|rule| rule.meta.code == code || rule.meta.name == code_or_name)
            .map(|rule| &rule.meta)
    })
}

/// `rules check PACK…`: every problem of every pack, exit 2 on any.
fn check(paths: &[PathBuf], lang: Lang) -> Result<ExitStatus> {
    let mut problems = 0;
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(source) => {
                eprintln!(
                    "{:?}",
                    miette::Report::new(
                        packs::PackError::Read {
                            path: path.display().to_string(),
                            source
                        }
                        .localized(lang)
                    )
                );
                problems += 1;
                continue;
            }
        };
        let source = Arc::new(PackSource {
            name: path.display().to_string(),
            text,
            dir: path.parent().map(Path::to_path_buf),
        });
        let errors = packs::check(source);
        if errors.is_empty() {
            super::print_out(&format!(
                "{}\n",
                messages::PACK_OK.fill(lang, &[("path", path.display().to_string())])
            ))
            .into_diagnostic()?;
        }
        for error in errors {
            problems += 1;
            eprintln!("{:?}", miette::Report::new(error.localized(lang)));
        }
    }
    if problems > 0 {
        eprintln!(
            "{}",
            messages::PACK_PROBLEMS.fill(lang, &[("count", problems.to_string())])
        );
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Success)
}

pub(crate) fn explain(args: &ExplainArgs) -> Result<ExitStatus> {
    let lang: Lang = args.lang.into();
    let linter = linter_with(&args.packs, lang)?;
    if let Some(meta) = find_rule(&linter, &args.code) {
        super::print_out(&crate::docs::explain(meta, lang)).into_diagnostic()?;
        return Ok(ExitStatus::Success);
    }
    Err(miette::miette!(
        help = messages::UNKNOWN_RULE_HELP.get(lang),
        "{}",
        messages::UNKNOWN_RULE.fill(lang, &[("code", args.code.clone())])
    ))
}

/// `test DIR…`: pack examples and test reports.
pub(crate) fn test(args: &TestArgs) -> Result<ExitStatus> {
    let mut cases: Vec<Case> = Vec::new();
    let mut failed_to_load = false;
    for path in &args.paths {
        let (pack_files, test_dirs) = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|source| super::CliError::Read {
                    path: path.display().to_string(),
                    source,
                })?
                .flatten()
                .map(|entry| entry.path())
                .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
                .collect();
            files.sort();
            (files, vec![path.join("tests")])
        } else {
            (vec![path.clone()], Vec::new())
        };
        let mut loaded: Vec<(PathBuf, LoadedPack)> = Vec::new();
        for file in &pack_files {
            match packs::from_file(file) {
                Ok(pack) => loaded.push((file.clone(), pack)),
                Err(errors) => {
                    eprintln!("{:?}", miette::Report::new(errors));
                    failed_to_load = true;
                }
            }
        }
        // Each pack's own examples, with that pack alone on the national rules.
        for (file, _) in &loaded {
            let linter = Linter::with_packs(vec![packs::from_file(file)?])?;
            let id = linter
                .packs()
                .next()
                .map(|p| p.meta.id.clone())
                .unwrap_or_default();
            cases.extend(testing::run_examples(&linter, &id));
        }
        for dir in test_dirs {
            cases.extend(run_test_reports(&dir, &pack_files)?);
        }
    }
    let mut failed = 0;
    let mut out = String::new();
    for case in &cases {
        match &case.failure {
            None => out.push_str(&format!("PASS  {}\n", case.name)),
            Some(reason) => {
                failed += 1;
                out.push_str(&format!("FAIL  {}: {reason}\n", case.name));
            }
        }
    }
    out.push_str(&format!(
        "{} passed, {failed} failed\n",
        cases.len() - failed
    ));
    super::print_out(&out).into_diagnostic()?;
    if failed_to_load {
        return Ok(ExitStatus::Error);
    }
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Test reports in `dir`: every `.txt`, with `NAME.expect.toml` beside it
/// (without one, the report must have no error-severity finding).
fn run_test_reports(dir: &Path, pack_files: &[PathBuf]) -> Result<Vec<Case>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut reports: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    reports.sort();
    let mut cases = Vec::new();
    for report in reports {
        let sidecar = report.with_extension("expect.toml");
        let expect: Expectations = match std::fs::read_to_string(&sidecar) {
            Ok(text) => toml::from_str(&text)
                .map_err(|error| miette::miette!("{}: {}", sidecar.display(), error.message()))?,
            Err(_) => Expectations::default(),
        };
        let chosen: Vec<PathBuf> = if expect.packs.is_empty() {
            pack_files.to_vec()
        } else {
            let base = pack_files.first().and_then(|p| p.parent()).unwrap_or(dir);
            expect.packs.iter().map(|name| base.join(name)).collect()
        };
        let linter = Linter::with_packs(load_packs(&chosen)?)?;
        let text = super::read_input(&report, None, super::args::DEFAULT_MAX_FILE_SIZE)?.text;
        let name = report.display().to_string();
        cases.push(testing::run_report(&linter, &name, &text, &expect));
    }
    Ok(cases)
}
