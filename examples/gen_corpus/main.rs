//! Writes a deterministic corpus of generated annual reports and its
//! manifest (which reports carry an injected error, and which rule must
//! find it on which line).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --count 10000 --seed 1 OUT_DIR
//! ```
//!
//! `OUT_DIR/rNNNNN.txt` are the reports, `OUT_DIR/manifest.json` the
//! manifest. The same `--count` and `--seed` give the same bytes.

mod archive;
mod generate;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::{Value, json};

/// Generate a corpus of annual reports with a manifest of injected errors.
#[derive(Debug, Parser)]
struct Args {
    /// Number of reports.
    #[arg(long, default_value_t = 1000)]
    count: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write an archive instead: this many agencies, each with reports of
    /// `--years` consecutive years from 2019 that follow on from each
    /// other, some with a break (AGENCY/YEAR.txt and manifest.json).
    #[arg(long, value_name = "AGENCIES")]
    archive: Option<usize>,
    /// Years per agency of `--archive`.
    #[arg(long, default_value_t = 5)]
    years: usize,
    /// Also write the 3,000-line report of the benchmarks to this file.
    #[arg(long)]
    long_report: Option<PathBuf>,
    /// Output folder (created if missing).
    out_dir: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen_corpus: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    if let Some(path) = &args.long_report {
        std::fs::write(path, generate::long_report())?;
    }
    std::fs::create_dir_all(&args.out_dir)?;
    if let Some(agencies) = args.archive {
        return write_archive(args, agencies);
    }
    let mut files = Vec::with_capacity(args.count);
    let mut bytes = 0usize;
    let mut injected = 0usize;
    for index in 0..args.count {
        let report = generate::generate_report(args.seed, index);
        std::fs::write(args.out_dir.join(&report.name), &report.text)?;
        bytes += report.text.len();
        injected += usize::from(!report.expected.is_empty());
        files.push(manifest_entry(&report));
    }
    let manifest = json!({
        "version": 1,
        "seed": args.seed,
        "count": args.count,
        "bytes": bytes,
        "injected": injected,
        "files": files,
    });
    let mut out = std::fs::File::create(args.out_dir.join("manifest.json"))?;
    serde_json::to_writer_pretty(&mut out, &manifest)?;
    writeln!(out)?;
    println!(
        "{} reports ({injected} with an injected error), {:.1} MB in {}",
        args.count,
        bytes as f64 / 1e6,
        args.out_dir.display()
    );
    Ok(())
}

/// One file of the manifest: what it is and what the linter must find.
fn manifest_entry(report: &generate::Generated) -> Value {
    let spec = &report.spec;
    json!({
        "file": report.name,
        "year": spec.year,
        "template": report.template(),
        "layout": spec.layout.name(),
        "agency": report.agency,
        "bytes": report.text.len(),
        "lines": report.text.lines().count(),
        "expected": report.expected.iter().map(|expected| json!({
            "injection": expected.injection,
            "code": expected.code,
            "category": expected.category,
            "line": expected.line,
        })).collect::<Vec<_>>(),
    })
}

/// `--archive`: the reports and a manifest of the cross-year findings.
fn write_archive(args: &Args, agencies: usize) -> std::io::Result<()> {
    let reports = archive::generate_archive(args.seed, agencies, args.years);
    let mut files = Vec::new();
    let mut bytes = 0;
    for report in &reports {
        let path = args.out_dir.join(&report.name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &report.text)?;
        bytes += report.text.len();
        files.push(json!({
            "file": report.name,
            "agency": report.agency,
            "year": report.year,
            "expected": report.expected.iter().map(|(kind, line)| json!({
                "break": kind.name(),
                "code": kind.code(),
                "line": line,
            })).collect::<Vec<_>>(),
        }));
    }
    let manifest = json!({
        "version": 1,
        "seed": args.seed,
        "agencies": agencies,
        "years": args.years,
        "bytes": bytes,
        "files": files,
    });
    let mut out = std::fs::File::create(args.out_dir.join("manifest.json"))?;
    serde_json::to_writer_pretty(&mut out, &manifest)?;
    writeln!(out)?;
    println!(
        "{} reports of {agencies} agencies, {:.1} MB in {}",
        reports.len(),
        bytes as f64 / 1e6,
        args.out_dir.display()
    );
    Ok(())
}
