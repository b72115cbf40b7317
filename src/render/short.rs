//! `--format short`: one line per diagnostic,
//! `path:line:col: severity[code]: message`, rendered with codespan-reporting,
//! followed by ` [location]` for text extracted from a document.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, DisplayStyle};

use super::{FileResult, Sink};
use crate::diagnostic::Severity;

/// The lines for one file.
#[must_use]
pub fn render(file: &FileResult<'_>) -> String {
    let source = SimpleFile::new(file.path, file.text);
    let config = Config {
        display_style: DisplayStyle::Short,
        ..Config::default()
    };
    let mut out = String::new();
    for diagnostic in file.diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let report = CsDiagnostic::new(severity)
            .with_code(diagnostic.code.clone())
            .with_message(diagnostic.message.clone())
            .with_labels(vec![Label::primary((), diagnostic.span.clone())]);
        let mut line = String::new();
        if term::emit_to_string(&mut line, &config, &source, &report).is_err() {
            line = format!(
                "{}: {}[{}]: {}\n",
                file.path, diagnostic.severity, diagnostic.code, diagnostic.message
            );
        }
        // codespan-reporting calls the lowest severity "note"; the contract
        // (design.md) says "info".
        if diagnostic.severity == Severity::Info {
            line = line.replacen(": note[", ": info[", 1);
        }
        if let Some(location) = &diagnostic.location {
            let end = line.trim_end_matches('\n').len();
            line.insert_str(end, &format!(" [{}]", location.text));
        }
        out.push_str(&line);
    }
    out
}

/// The short format as a sink, with the total line at the end on standard
/// error: what reads the lines (an editor, `grep`) sees only findings,
/// while a person piping into a pager or a log still learns how the run
/// went.
#[derive(Debug, Default)]
pub struct ShortSink {
    pub lang: crate::messages::Lang,
}

impl Sink for ShortSink {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        out.write_all(render(file).as_bytes())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &super::Summary,
        _rules: &std::collections::BTreeMap<String, crate::engine::RuleMeta>,
    ) -> io::Result<()> {
        out.flush()?;
        let _ = writeln!(
            io::stderr(),
            "{}",
            super::human::total_line(summary, self.lang)
        );
        Ok(())
    }
}
