//! `xxgk-lint rules`, `rules check`, `explain` and `test`: working with
//! rule packs without linting reports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::Result;
use serde_json::json;

use super::ExitStatus;
use super::args::{ExplainArgs, LangArg, RulesAction, RulesArgs, TestArgs};
use crate::engine::{Lang, RuleMeta};
use crate::linter::{Linter, national_for};
use crate::packs::testing::{self, Case, Expectations};
use crate::packs::{self, LoadedPack, PackErrors, PackSource};

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

pub(crate) fn rules(args: &RulesArgs) -> Result<ExitStatus> {
    if let Some(RulesAction::Check { packs }) = &args.action {
        return check(packs);
    }
    let linter = Linter::with_packs(load_packs(&args.packs)?)?;
    let metas = effective_rules(&linter, args.year);
    if args.json {
        let list: Vec<_> = metas.iter().map(|meta| rule_json(meta)).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(ExitStatus::Success);
    }
    let name_width = metas.iter().map(|m| m.name.len()).max().unwrap_or(4).max(4);
    let origin_width = metas
        .iter()
        .map(|m| m.origin.len())
        .max()
        .unwrap_or(6)
        .max(6);
    println!(
        "{:<6} {:<name_width$} {:<11} {:<8} {:<origin_width$} summary",
        "code", "name", "category", "severity", "origin"
    );
    for meta in metas {
        println!(
            "{:<6} {:<name_width$} {:<11} {:<8} {:<origin_width$} {}",
            meta.code,
            meta.name,
            meta.category.as_str(),
            meta.severity.as_str(),
            meta.origin,
            meta.summary
        );
    }
    Ok(ExitStatus::Success)
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
fn check(paths: &[PathBuf]) -> Result<ExitStatus> {
    let mut problems = 0;
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(source) => {
                eprintln!(
                    "{:?}",
                    miette::Report::new(packs::PackError::Read {
                        path: path.display().to_string(),
                        source
                    })
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
            println!("{}: ok", path.display());
        }
        for error in errors {
            problems += 1;
            eprintln!("{:?}", miette::Report::new(error));
        }
    }
    if problems > 0 {
        eprintln!("{problems} problem(s) found");
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Success)
}

pub(crate) fn explain(args: &ExplainArgs) -> Result<ExitStatus> {
    let linter = Linter::with_packs(load_packs(&args.packs)?)?;
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    if let Some(meta) = find_rule(&linter, &args.code) {
        print!("{}", crate::docs::explain(meta, lang));
        return Ok(ExitStatus::Success);
    }
    Err(miette::miette!(
        help = "`xxgk-lint rules` lists the codes",
        "no rule has the code or name `{}`",
        args.code
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
    for case in &cases {
        match &case.failure {
            None => println!("PASS  {}", case.name),
            Some(reason) => {
                failed += 1;
                println!("FAIL  {}: {reason}", case.name);
            }
        }
    }
    println!("{} passed, {failed} failed", cases.len() - failed);
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
