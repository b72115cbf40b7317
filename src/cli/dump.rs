//! `xxgk-lint dump FILE`.

use std::io::Write as _;
use std::path::Path;

use miette::{IntoDiagnostic as _, Result};

use super::args::DumpArgs;
use super::{ExitStatus, read_input};
use crate::config::Config;
use crate::engine::Lang;
use crate::linter::FileOptions;
use crate::model::{ReadOptions, Report};

pub(crate) fn run(args: &DumpArgs) -> Result<ExitStatus> {
    let input = read_input(
        &args.file,
        args.encoding,
        super::args::DEFAULT_MAX_FILE_SIZE,
    )
    .map_err(|error| error.report(Lang::Zh))?;
    let text = input.text;
    // A reader that goes away (`| head`) ends the output quietly.
    let mut stdout = super::Closable::new(std::io::stdout().lock());
    if args.text {
        stdout.write_all(text.as_bytes()).into_diagnostic()?;
        return Ok(ExitStatus::Success);
    }
    if args.cst {
        let cst = crate::syntax::parse(&text);
        stdout
            .write_all(cst.debug_dump(&text).as_bytes())
            .into_diagnostic()?;
        return Ok(ExitStatus::Success);
    }
    let report = if args.packs.is_empty() {
        let options = ReadOptions {
            year: args.year,
            ..ReadOptions::default()
        };
        Report::read_with(&text, &options)
    } else {
        // Packs may add rows and columns to the tables.
        let config = Config::parse(Path::new("xxgk-lint.toml"), "", &args.packs)?;
        let options = FileOptions {
            year: args.year,
            path: Some(args.file.clone()),
            ..FileOptions::default()
        };
        config.linter.read(&text, &options)
    };
    let json = crate::dump::dump(&text, &report);
    serde_json::to_writer_pretty(&mut stdout, &json).into_diagnostic()?;
    writeln!(stdout).into_diagnostic()?;
    Ok(ExitStatus::Success)
}
