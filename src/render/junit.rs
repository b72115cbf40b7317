//! `--format junit`: one test case per file, failing when the file has an
//! error-severity finding (CI systems show these as test results).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{FileResult, Sink, Summary};
use crate::diagnostic::Severity;
use crate::engine::RuleMeta;
use crate::source::LineIndex;

/// Collects test cases; the suite header needs the totals, so the (small)
/// XML of each case is kept until the end, never the report texts.
#[derive(Debug, Default)]
pub struct JunitSink {
    cases: Vec<String>,
    failures: usize,
    errors: usize,
}

impl Sink for JunitSink {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        let index = LineIndex::new(file.text);
        let lines: Vec<String> = file
            .diagnostics
            .iter()
            .map(|d| {
                let at = index.line_col(file.text, d.span.start);
                format!(
                    "{}:{}:{}: {}[{}]: {}",
                    file.path, at.line, at.column, d.severity, d.code, d.message
                )
            })
            .collect();
        let errors = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let mut case = format!(
            "    <testcase classname=\"xxgk-lint\" name=\"{}\">\n",
            escape(file.path)
        );
        if errors > 0 {
            self.failures += 1;
            case.push_str(&format!(
                "      <failure type=\"error\" message=\"{}\">{}</failure>\n",
                escape(&format!(
                    "{errors} error(s), {} finding(s)",
                    file.diagnostics.len()
                )),
                escape(&lines.join("\n"))
            ));
        } else if !lines.is_empty() {
            case.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                escape(&lines.join("\n"))
            ));
        }
        case.push_str("    </testcase>\n");
        self.cases.push(case);
        Ok(())
    }

    /// A file that could not be linted: a test case in error.
    fn failed(&mut self, _out: &mut dyn Write, failure: &super::Failure) -> io::Result<()> {
        self.errors += 1;
        self.cases.push(format!(
            "    <testcase classname=\"xxgk-lint\" name=\"{}\">\n      <error type=\"input\" message=\"{}\"/>\n    </testcase>\n",
            escape(&failure.path),
            escape(&failure.message)
        ));
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        summary: &Summary,
        _rules: &BTreeMap<String, RuleMeta>,
    ) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"xxgk-lint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            summary.files + self.errors,
            self.failures,
            self.errors
        )?;
        writeln!(
            out,
            "  <testsuite name=\"xxgk-lint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">",
            summary.files + self.errors,
            self.failures,
            self.errors
        )?;
        for case in &self.cases {
            out.write_all(case.as_bytes())?;
        }
        writeln!(out, "  </testsuite>\n</testsuites>")
    }
}

/// Escapes text for XML attributes and content; drops characters XML 1.0
/// cannot carry.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
