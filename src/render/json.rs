//! `--format json`: the versioned JSON contract of design.md. Built from
//! explicit JSON values, never derived from internal types.

use serde_json::{Value, json};

use super::FileResult;
use crate::diagnostic::{Diagnostic, Location, Place, Severity};
use crate::source::LineIndex;

/// The whole output for a run.
#[must_use]
pub fn render(files: &[FileResult<'_>]) -> Value {
    let mut errors = 0;
    let mut warnings = 0;
    let mut infos = 0;
    let files: Vec<Value> = files
        .iter()
        .map(|file| {
            for diagnostic in file.diagnostics {
                match diagnostic.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    Severity::Info => infos += 1,
                }
            }
            file_json(file)
        })
        .collect();
    json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": files.len(),
            "errors": errors,
            "warnings": warnings,
            "infos": infos,
        },
    })
}

fn file_json(file: &FileResult<'_>) -> Value {
    let index = LineIndex::new(file.text);
    let report = file.report.map_or(Value::Null, |report| {
        json!({
            "year": report.year(),
            "agency": report.meta.agency.as_ref().map(|agency| agency.name.clone()),
            "template": report.template,
        })
    });
    json!({
        "path": file.path,
        "report": report,
        "diagnostics": file.diagnostics.iter().map(|d| diagnostic_json(d, file.text, &index)).collect::<Vec<_>>(),
    })
}

/// A span with 1-based lines and character columns.
#[must_use]
pub fn span_json(span: &std::ops::Range<usize>, text: &str, index: &LineIndex) -> Value {
    let start = index.line_col(text, span.start);
    let end = index.line_col(text, span.end);
    json!({
        "start": span.start,
        "end": span.end,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
    })
}

fn diagnostic_json(diagnostic: &Diagnostic, text: &str, index: &LineIndex) -> Value {
    let mut value = json!({
        "code": diagnostic.code,
        "category": diagnostic.category.as_str(),
        "severity": diagnostic.severity.as_str(),
        "message": diagnostic.message,
        "help": diagnostic.help,
        "span": span_json(&diagnostic.span, text, index),
        "labels": diagnostic.labels.iter().map(|label| json!({
            "message": label.message,
            "span": span_json(&label.span, text, index),
        })).chain(diagnostic.related.iter().map(|other| json!({
            // A place in another report: its path, line and column.
            "message": other.message,
            "path": other.path,
            "line": other.line,
            "column": other.column,
        }))).collect::<Vec<_>>(),
        "fix": diagnostic.fix.as_ref().map(|fix| json!({
            "message": fix.message,
            "safe": fix.is_safe(),
            "applicability": fix.applicability.as_str(),
            "edits": fix.edits.iter().map(|edit| json!({
                "span": span_json(&edit.span, text, index),
                "replacement": edit.replacement,
            })).collect::<Vec<_>>(),
        })),
    });
    // Only for text extracted from a document (.docx, .html).
    if let (Some(location), Value::Object(object)) = (&diagnostic.location, &mut value) {
        object.insert("location".to_string(), location_json(location));
    }
    value
}

/// `{ "paragraph": 12, "text": "第 12 段" }` or
/// `{ "table": 2, "row": 5, "column": 3, "text": "表格 2 第 5 行第 3 列" }`.
fn location_json(location: &Location) -> Value {
    match location.place {
        Place::Paragraph(paragraph) => json!({
            "paragraph": paragraph,
            "text": location.text,
        }),
        Place::Cell { table, row, column } => json!({
            "table": table,
            "row": row,
            "column": column,
            "text": location.text,
        }),
    }
}

/// The JSON format as a sink: the `files` array is written as files come,
/// the summary at the end.
#[derive(Debug, Default)]
pub struct JsonSink {
    started: bool,
}

impl JsonSink {
    fn entry(&mut self, out: &mut dyn std::io::Write, entry: &Value) -> std::io::Result<()> {
        out.write_all(if self.started {
            b",\n"
        } else {
            b"{\n  \"version\": 1,\n  \"files\": [\n"
        })?;
        self.started = true;
        let text = serde_json::to_string_pretty(entry).map_err(std::io::Error::other)?;
        for (at, line) in text.lines().enumerate() {
            if at > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"    ")?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}

impl super::Sink for JsonSink {
    fn file(&mut self, out: &mut dyn std::io::Write, file: &FileResult<'_>) -> std::io::Result<()> {
        self.entry(out, &file_json(file))
    }

    /// A file that could not be read: `report` null, no diagnostics, and
    /// the `error`.
    fn failed(
        &mut self,
        out: &mut dyn std::io::Write,
        failure: &super::Failure,
    ) -> std::io::Result<()> {
        self.entry(
            out,
            &json!({
                "path": failure.path,
                "report": null,
                "error": failure.message,
                "diagnostics": [],
            }),
        )
    }

    fn finish(
        &mut self,
        out: &mut dyn std::io::Write,
        summary: &super::Summary,
        _rules: &std::collections::BTreeMap<String, crate::engine::RuleMeta>,
    ) -> std::io::Result<()> {
        if self.started {
            out.write_all(b"\n  ],\n")?;
        } else {
            out.write_all(b"{\n  \"version\": 1,\n  \"files\": [],\n")?;
        }
        let summary = json!({
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "failed": summary.failed,
        });
        let text = serde_json::to_string_pretty(&summary).map_err(std::io::Error::other)?;
        out.write_all(b"  \"summary\": ")?;
        for (at, line) in text.lines().enumerate() {
            if at > 0 {
                out.write_all(b"\n  ")?;
            }
            out.write_all(line.as_bytes())?;
        }
        out.write_all(b"\n}\n")
    }
}
