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
pub enum Command {
    /// Lint report files (the default command).
    Check(CheckArgs),
    /// Print the parsed report model as JSON (metadata, sections, table cells by key).
    Dump(DumpArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical report (default on a terminal).
    Human,
    /// One line per diagnostic: path:line:col: severity[code]: message.
    Short,
    /// The versioned JSON contract.
    Json,
}

/// Message language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum LangArg {
    #[default]
    Zh,
    En,
}

#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Report files or folders (folders are walked for .txt, .docx, .html
    /// and .htm files).
    pub paths: Vec<PathBuf>,
    /// Output format [default: human on a terminal, short otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Language of messages.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// Report year, when the report does not say it (or says it wrongly).
    #[arg(long)]
    pub year: Option<i32>,
    /// Exit with 1 when there are more warnings than this.
    #[arg(long)]
    pub max_warnings: Option<usize>,
    /// Always exit with 0 when linting ran (findings are still printed).
    #[arg(long)]
    pub exit_zero: bool,
    /// Encoding of text files and web pages (utf-8, gb18030, gbk,
    /// utf-16le, …) [default: detected].
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<&'static Encoding>,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The report file.
    pub file: PathBuf,
    /// Report year, when the report does not say it.
    #[arg(long)]
    pub year: Option<i32>,
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

fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    crate::input::encoding_for_label(label)
}
