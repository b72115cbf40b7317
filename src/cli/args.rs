//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A linter for 政府信息公开工作年度报告 (annual open-government-information reports).
#[derive(Debug, Parser)]
#[command(name = "xxgk-lint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the parsed report model as JSON (metadata, sections, table cells by key).
    Dump(DumpArgs),
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
}
