//! `xxgk-lint dump FILE`.

use std::io::Write as _;

use miette::{IntoDiagnostic as _, Result};

use super::args::DumpArgs;
use super::{ExitStatus, read_text};
use crate::model::{ReadOptions, Report};

pub(crate) fn run(args: &DumpArgs) -> Result<ExitStatus> {
    let text = read_text(&args.file)?;
    let mut stdout = std::io::stdout().lock();
    if args.cst {
        let cst = crate::syntax::parse(&text);
        stdout
            .write_all(cst.debug_dump(&text).as_bytes())
            .into_diagnostic()?;
        return Ok(ExitStatus::Success);
    }
    let options = ReadOptions {
        year: args.year,
        ..ReadOptions::default()
    };
    let report = Report::read_with(&text, &options);
    let json = crate::dump::dump(&text, &report);
    serde_json::to_writer_pretty(&mut stdout, &json).into_diagnostic()?;
    writeln!(stdout).into_diagnostic()?;
    Ok(ExitStatus::Success)
}
