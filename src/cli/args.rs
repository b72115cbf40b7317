//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use encoding_rs::Encoding;

/// A linter for 政府信息公开工作年度报告 (annual open-government-information reports).
///
/// Without a subcommand, `xxgk-lint PATH...` is `xxgk-lint check PATH...`.
#[derive(Debug, Parser)]
#[command(name = "xxgk-lint", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per process")]
pub enum Command {
    /// Lint report files, folders or glob patterns (the default command).
    Check(CheckArgs),
    /// Write a copy of a Word document with each finding as a comment at its place.
    Annotate(AnnotateArgs),
    /// Print the parsed report model as JSON (metadata, sections, table cells by key).
    Dump(DumpArgs),
    /// Write a commented starter xxgk-lint.toml in the current folder.
    Init(InitArgs),
    /// List the effective rules (code, name, category, severity, origin), or check a pack.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, its parameters and examples.
    Explain(ExplainArgs),
    /// Run the examples and test reports of the rule packs in a folder.
    Test(TestArgs),
    /// List the agencies of an archive: id, name, level, years and files.
    Agencies(AgenciesArgs),
    /// Write the table cells of reports as CSV, an Excel workbook or JSON.
    Export(ExportArgs),
    /// Run the language server on stdio (for editors).
    #[cfg(feature = "lsp")]
    Lsp,
    /// Run the check service and its web page (HTTP, on 127.0.0.1:8080).
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical report (default on a terminal).
    Human,
    /// One line per finding: path:line:col: severity[code]: message (default otherwise).
    Short,
    /// The versioned JSON contract (docs/output.md).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other consumers).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, one test case per file.
    Junit,
}

/// Message language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    #[default]
    Zh,
    En,
}

impl From<LangArg> for crate::engine::Lang {
    fn from(lang: LangArg) -> crate::engine::Lang {
        match lang {
            LangArg::Zh => crate::engine::Lang::Zh,
            LangArg::En => crate::engine::Lang::En,
        }
    }
}

/// The kind of reporting body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgencyKindArg {
    Government,
    Department,
}

#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Report files, folders (walked for .txt, .docx, .html and .htm files) or glob patterns
    /// (`'reports/**/*.txt'`); `-` reads standard input.
    pub paths: Vec<String>,
    /// Output format [default: human on a terminal, short otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub rules: ConfigArgs,
    /// Language of messages [default: zh, or the configuration's].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Report year, when the report does not say it (or says it wrongly).
    #[arg(long)]
    pub year: Option<i32>,
    /// Kind of reporting body, when its name does not tell.
    #[arg(long, value_enum)]
    pub agency_kind: Option<AgencyKindArg>,
    /// Exit with 1 when there are more warnings than this.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Exit with 0 even when there are findings (tool failures still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Ignore the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Print the number of findings per code, and what the cross-report
    /// pass compared (reports with and without last year's report).
    #[arg(long)]
    pub statistics: bool,
    /// Agencies file (stable ids, names, parents) for every report, instead
    /// of the nearest xxgk-agencies.toml or .csv (docs/archives.md).
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
    /// Check each report alone: no cross-report pass (no summaries kept,
    /// no cross-year findings).
    #[arg(long)]
    pub no_archive: bool,
    /// Name of the file read from standard input (for configuration lookup and output).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Lint this many files at once [default: the number of cores].
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Encoding of text files and web pages (utf-8, gb18030, gbk,
    /// utf-16le, …) [default: detected].
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<&'static Encoding>,
    /// Refuse files larger than this (bytes, or with KB, MB, GB; 0 for no
    /// limit); a refused file is an error (exit 2) and the others are
    /// still linted.
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Apply the safe fixes to the files (debris removed; totals and blank
    /// cells only where every sum then holds), then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Show the fixes as a unified diff instead of writing them (exit 1
    /// when a file would change).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Also apply the fixes that guess (which addend is wrong, a garbled
    /// date, a doubled word); with --fix or --diff.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Write a copy of each Word document (.docx) with every finding as a
    /// comment at its place: NAME.checked.docx beside it, or in
    /// --annotate-dir. The documents themselves are not changed.
    #[arg(long, conflicts_with_all = ["fix", "diff", "baseline", "write_baseline"])]
    pub annotate: bool,
    /// With --annotate: write the copies into this folder.
    #[arg(long, value_name = "DIR", requires = "annotate")]
    pub annotate_dir: Option<PathBuf>,
    /// With --annotate: also write the safe fixes into the copies, as
    /// tracked changes to accept or reject.
    #[arg(long, requires = "annotate")]
    pub fixes: bool,
    /// Pass over files in formats that are not read (.doc, .wps, .pdf, …)
    /// found in folders, instead of refusing each (exit 2). Files named
    /// on the command line are always refused.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Set by `annotate`: where to write the copy of its one document.
    #[arg(skip)]
    pub annotate_to: Option<PathBuf>,
    /// Set by `annotate`: a file that is not a Word document is an error.
    #[arg(skip)]
    pub annotate_only: bool,
}

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The Word document (.docx).
    pub file: PathBuf,
    /// Where to write the annotated copy [default: NAME.checked.docx beside
    /// the document].
    #[arg(long, short = 'o', value_name = "OUT.docx")]
    pub output: Option<PathBuf>,
    /// Also write the safe fixes (those `check --fix` applies) as tracked
    /// changes, to accept or reject in Word or WPS.
    #[arg(long)]
    pub fixes: bool,
    /// Format of the findings printed [default: human on a terminal, short
    /// otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub rules: ConfigArgs,
    /// Language of the comments and messages [default: zh, or the
    /// configuration's].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Report year, when the report does not say it (or says it wrongly).
    #[arg(long)]
    pub year: Option<i32>,
    /// Kind of reporting body, when its name does not tell.
    #[arg(long, value_enum)]
    pub agency_kind: Option<AgencyKindArg>,
    /// Exit with 0 even when there are findings (failures still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Refuse files larger than this (bytes, or with KB, MB, GB; 0 for no
    /// limit).
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = parse_size)]
    pub max_file_size: u64,
}

impl AnnotateArgs {
    /// `annotate` is `check --annotate` on one document.
    #[must_use]
    pub fn into_check(self) -> CheckArgs {
        CheckArgs {
            paths: vec![self.file.display().to_string()],
            format: self.format,
            rules: self.rules,
            lang: self.lang,
            year: self.year,
            agency_kind: self.agency_kind,
            exit_zero: self.exit_zero,
            max_file_size: self.max_file_size,
            annotate: true,
            fixes: self.fixes,
            annotate_to: self.output,
            annotate_only: true,
            no_progress: true,
            ..CheckArgs::default()
        }
    }
}

/// Which configuration, packs and rules apply (`check` and `serve`).
#[derive(Debug, Args, Default)]
pub struct ConfigArgs {
    /// Use this configuration for every file (no discovery).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every xxgk-lint.toml.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Apply a rule pack on top of the configured ones (repeatable).
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,
    /// Only report these codes or code prefixes (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Do not report these codes or code prefixes (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The report file.
    pub file: PathBuf,
    /// Report year, when the report does not say it.
    #[arg(long)]
    pub year: Option<i32>,
    /// Read the tables with the rows and columns these rule packs add
    /// (repeatable).
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,
    /// Print the concrete syntax tree instead of the model.
    #[arg(long)]
    pub cst: bool,
    /// Print the text as read instead of the model (for .docx and .html:
    /// the extracted text that line numbers refer to).
    #[arg(long, conflicts_with = "cst")]
    pub text: bool,
    /// Encoding of a text file or web page (utf-8, gb18030, gbk, utf-16le,
    /// …) [default: detected].
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<&'static Encoding>,
}

#[derive(Debug, Args)]
pub struct AgenciesArgs {
    /// Report files, folders or quoted glob patterns.
    pub paths: Vec<String>,
    #[command(flatten)]
    pub rules: ConfigArgs,
    /// Agencies file for every report (default: the nearest
    /// xxgk-agencies.toml or .csv).
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Encoding of text files and web pages [default: detected].
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<&'static Encoding>,
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values, UTF-8.
    Csv,
    /// An Excel workbook (needs -o FILE.xlsx).
    Xlsx,
    /// A JSON array of rows; values as exact decimal strings.
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Report files, folders or quoted glob patterns.
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Write to this file [default: standard output; required for xlsx].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// One row per report and one column per cell key, labels in the header.
    #[arg(long)]
    pub wide: bool,
    #[command(flatten)]
    pub rules: ConfigArgs,
    /// Agencies file for every report (default: the nearest
    /// xxgk-agencies.toml or .csv).
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
    /// Encoding of text files and web pages [default: detected].
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<&'static Encoding>,
}

/// The default of `--max-file-size`, for the commands that have none.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 * 1000 * 1000;

/// `123`, `64KB`, `50MB`, `1GB` (also `K`, `M`, `G`, and `KiB`, `MiB`,
/// `GiB` for powers of 1024); `0` is no limit.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("expected a size such as 50MB, got {text:?}"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "m" | "mb" => 1000 * 1000,
        "g" | "gb" => 1000 * 1000 * 1000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("unknown size unit {unit:?} (use KB, MB or GB)")),
    };
    let size = number
        .checked_mul(factor)
        .ok_or_else(|| format!("{text} is too large"))?;
    Ok(if size == 0 { u64::MAX } else { size })
}

fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    crate::input::encoding_for_label(label)
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write xxgk-lint.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
    /// Language of messages [default: zh].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

impl InitArgs {
    #[must_use]
    pub fn lang(&self) -> crate::engine::Lang {
        self.lang.map(Into::into).unwrap_or_default()
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// Rule packs applied on top of the national ones (repeatable).
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,
    /// Report year whose national pack is listed [default: the newest].
    #[arg(long)]
    pub year: Option<i32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Language of the summaries and headers [default: zh].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Validate rule packs without linting anything (exit 2 on any problem).
    Check {
        /// Pack files.
        #[arg(required = true)]
        packs: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule code (GK301).
    pub code: String,
    /// Rule packs that may define or change the rule (repeatable).
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,
    /// Language of the explanation.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// A folder of rule packs (with optional tests/ beside them), or pack files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (HOST:PORT; port 0 picks a free port). Only
    /// this machine can reach the default: reports before publication are
    /// confidential.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: String,
    #[command(flatten)]
    pub rules: ConfigArgs,
    /// Refuse report files larger than this (as `check`; bytes, or with KB,
    /// MB, GB; 0 for no limit).
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Refuse requests whose body is larger than this (413).
    #[arg(long, value_name = "SIZE", default_value = "20MB", value_parser = parse_size)]
    pub max_body_size: u64,
    /// Longest time one request may take, from its first byte to its
    /// answer, in seconds (then 503, or 408 for a body that is still
    /// arriving).
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    /// Reports checked at once [default: the number of cores].
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Requests that may wait for a free worker; more are refused (503).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub queue: usize,
    /// Require `Authorization: Bearer TOKEN` on the API, with the token
    /// written in this file.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}
