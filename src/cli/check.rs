//! `xxgk-lint check PATH...`.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use miette::{IntoDiagnostic as _, Result};

use super::args::{CheckArgs, Format, LangArg};
use super::{CliError, ExitStatus, read_input};
use crate::diagnostic::Severity;
use crate::engine::Lang;
use crate::render::{self, FileResult};
use crate::{FileOptions, Linted, Linter};

pub(crate) fn run(args: &CheckArgs) -> Result<ExitStatus> {
    if args.paths.is_empty() {
        return Err(miette::miette!(
            help = "give report files or folders, e.g. `xxgk-lint check reports/`",
            "no input files"
        ));
    }
    let mut linter = Linter::builtin()?;
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    linter.lang = lang;
    let mut status = ExitStatus::Success;
    let mut inputs = Vec::new();
    for path in &args.paths {
        match expand(path) {
            Ok(mut files) => inputs.append(&mut files),
            Err(error) => {
                eprintln!("{:?}", error.report(lang));
                status = ExitStatus::Error;
            }
        }
    }
    let options = FileOptions {
        year: args.year,
        agency_kind: None,
    };
    // A file that cannot be read is reported and skipped; the others are
    // still linted.
    let mut texts = Vec::new();
    let mut results: Vec<Linted> = Vec::new();
    for file in &inputs {
        match read_input(file, args.encoding) {
            Ok(input) => {
                results.push(linter.lint_input(&input, &options));
                texts.push((file.display().to_string(), input.text));
            }
            Err(error) => {
                eprintln!("{:?}", error.report(lang));
                status = ExitStatus::Error;
            }
        }
    }
    let files: Vec<FileResult<'_>> = texts
        .iter()
        .zip(&results)
        .map(|((path, text), linted)| FileResult {
            path,
            text,
            report: Some(&linted.report),
            diagnostics: &linted.diagnostics,
        })
        .collect();
    let terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if terminal {
        Format::Human
    } else {
        Format::Short
    });
    let mut stdout = std::io::stdout().lock();
    match format {
        Format::Human => {
            let style = render::human::Style {
                color: terminal,
                width: 100,
            };
            for file in &files {
                stdout
                    .write_all(render::human::render(file, style).as_bytes())
                    .into_diagnostic()?;
            }
            let (errors, warnings, infos) = count(&files);
            writeln!(
                stdout,
                "{} {} · {errors} error(s), {warnings} warning(s), {infos} info",
                files.len(),
                if files.len() == 1 { "file" } else { "files" },
            )
            .into_diagnostic()?;
        }
        Format::Short => {
            for file in &files {
                stdout
                    .write_all(render::short::render(file).as_bytes())
                    .into_diagnostic()?;
            }
        }
        Format::Json => {
            let json = render::json::render(&files);
            serde_json::to_writer_pretty(&mut stdout, &json).into_diagnostic()?;
            writeln!(stdout).into_diagnostic()?;
        }
    }
    if args.exit_zero || status == ExitStatus::Error {
        return Ok(if args.exit_zero && status != ExitStatus::Error {
            ExitStatus::Success
        } else {
            status
        });
    }
    let (errors, warnings, _) = count(&files);
    if errors > 0 || args.max_warnings.is_some_and(|max| warnings > max) {
        return Ok(ExitStatus::Failure);
    }
    Ok(status)
}

fn count(files: &[FileResult<'_>]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for diagnostic in files.iter().flat_map(|file| file.diagnostics) {
        match diagnostic.severity {
            Severity::Error => counts.0 += 1,
            Severity::Warning => counts.1 += 1,
            Severity::Info => counts.2 += 1,
        }
    }
    counts
}

/// Whether a file found in a folder is read as a report: text, Word
/// (.docx) and saved web pages.
fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            ["txt", "docx", "html", "htm"]
                .iter()
                .any(|wanted| ext.eq_ignore_ascii_case(wanted))
        })
}

/// A file, or the report files below a folder (sorted).
fn expand(path: &Path) -> Result<Vec<PathBuf>, CliError> {
    let metadata = std::fs::metadata(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| CliError::Read {
            path: dir.display().to_string(),
            source,
        })?;
        for entry in entries.flatten() {
            let child = entry.path();
            if child.is_dir() {
                stack.push(child);
            } else if is_report_file(&child) {
                files.push(child);
            }
        }
    }
    files.sort();
    Ok(files)
}
