//! Lints files with the library, one at a time, keeping nothing but the
//! counts: the cost of the library alone, without the command line's
//! output. Used by `bench/run.sh` (memory when results are streamed) and
//! for exact instruction counts under valgrind (docs/performance.md):
//!
//! ```sh
//! cargo run --release --example lint_files -- [--repeat N] PATH...
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/lint_files --repeat 20 tests/fixtures/seeds/001_b68246f228e475c5.txt
//! ```
//!
//! Folders are walked for `.txt` files. Prints the number of files, bytes
//! and findings by severity.
//!
//! With `--manifest DIR/manifest.json` (written by `gen_corpus`), checks a
//! generated corpus instead: every injected error must be reported with its
//! code and category on its line, and no consistent report may get an
//! error; exits with 1 otherwise.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xxgk_lint::diagnostic::Severity;
use xxgk_lint::{FileOptions, Linter};

fn main() -> ExitCode {
    let mut repeat = 1usize;
    let mut paths = Vec::new();
    let mut manifest = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--repeat" {
            repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        } else if arg == "--manifest" {
            manifest = args.next().map(PathBuf::from);
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if let Some(manifest) = manifest {
        return check_manifest(&manifest);
    }
    let mut files = Vec::new();
    for path in &paths {
        collect(path, &mut files);
    }
    files.sort();
    let linter = match Linter::builtin() {
        Ok(linter) => linter,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            return ExitCode::from(2);
        }
    };
    let options = FileOptions::default();
    let (mut bytes, mut counts) = (0usize, [0usize; 3]);
    for _ in 0..repeat {
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                eprintln!("cannot read {}", file.display());
                return ExitCode::from(2);
            };
            bytes += text.len();
            for diagnostic in linter.lint(&text, &options).diagnostics {
                counts[match diagnostic.severity {
                    Severity::Error => 0,
                    Severity::Warning => 1,
                    Severity::Info => 2,
                }] += 1;
            }
        }
    }
    println!(
        "{} files, {bytes} bytes: {} errors, {} warnings, {} infos",
        files.len() * repeat,
        counts[0],
        counts[1],
        counts[2]
    );
    ExitCode::SUCCESS
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
        Err(_) if path.extension().is_some_and(|ext| ext == "txt") => {
            files.push(path.to_path_buf());
        }
        Err(_) => {}
    }
}

/// Lints every report of a generated corpus against its manifest.
fn check_manifest(path: &Path) -> ExitCode {
    let read = std::fs::read_to_string(path)
        .map_err(|error| error.to_string())
        .and_then(|text| {
            serde_json::from_str::<serde_json::Value>(&text).map_err(|error| error.to_string())
        });
    let manifest = match read {
        Ok(manifest) => manifest,
        Err(error) => {
            eprintln!("{}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let linter = Linter::builtin().expect("the built-in packs compile");
    let options = FileOptions::default();
    let (mut found, mut consistent, mut problems) = (0usize, 0usize, Vec::new());
    let files = manifest["files"].as_array().cloned().unwrap_or_default();
    for file in &files {
        let name = file["file"].as_str().unwrap_or_default();
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            problems.push(format!("{name}: cannot read"));
            continue;
        };
        let linted = linter.lint(&text, &options);
        let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
        let expected = file["expected"].as_array().cloned().unwrap_or_default();
        if expected.is_empty() {
            consistent += 1;
            for diagnostic in &linted.diagnostics {
                if diagnostic.severity == Severity::Error {
                    problems.push(format!(
                        "{name}: error {} on line {} of a consistent report: {}",
                        diagnostic.code,
                        line_of(diagnostic.span.start),
                        diagnostic.message
                    ));
                }
            }
        }
        for wanted in &expected {
            let hit = linted.diagnostics.iter().any(|diagnostic| {
                wanted["code"] == diagnostic.code.as_str()
                    && wanted["category"] == diagnostic.category.as_str()
                    && wanted["line"] == line_of(diagnostic.span.start)
            });
            if hit {
                found += 1;
            } else {
                problems.push(format!("{name}: missed {wanted}"));
            }
        }
    }
    println!(
        "{} reports: {found} injected errors found on their lines, {} missed; {consistent} consistent reports, {} with an error",
        files.len(),
        problems.iter().filter(|p| p.contains("missed")).count(),
        problems.iter().filter(|p| p.contains("consistent")).count(),
    );
    for problem in problems.iter().take(20) {
        println!("  {problem}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
