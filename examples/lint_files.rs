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

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xxgk_lint::diagnostic::Severity;
use xxgk_lint::{FileOptions, Linter};

fn main() -> ExitCode {
    let mut repeat = 1usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--repeat" {
            repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        } else {
            paths.push(PathBuf::from(arg));
        }
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
