//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use super::{FileResult, Sink};
use crate::diagnostic::Severity;
use crate::source::LineIndex;

/// The workflow commands for one file.
#[must_use]
pub fn render(file: &FileResult<'_>) -> String {
    let index = LineIndex::new(file.text);
    let mut out = String::new();
    for diagnostic in file.diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let start = index.line_col(file.text, diagnostic.span.start);
        let end = index.line_col(file.text, diagnostic.span.end);
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push('\n');
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("{} {}", diagnostic.code, diagnostic.name)),
            data(&message),
        ));
    }
    out
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The GitHub format as a sink.
#[derive(Debug, Default)]
pub struct GithubSink;

impl Sink for GithubSink {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        out.write_all(render(file).as_bytes())
    }

    fn failed(&mut self, out: &mut dyn Write, failure: &super::Failure) -> io::Result<()> {
        writeln!(
            out,
            "::error file={},title=xxgk-lint::{}",
            property(&failure.path),
            data(&failure.message)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_properties_and_data() {
        assert_eq!(property("a,b:c%d"), "a%2Cb%3Ac%25d");
        assert_eq!(data("line1\nline2: 100%"), "line1%0Aline2: 100%25");
    }
}
