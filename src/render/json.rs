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

/// A pretty-printed JSON writer producing exactly what
/// `serde_json::to_string_pretty` gives for the same values (two-space
/// indentation, `": "` after keys, `[]` / `{}` when empty), starting at a
/// given depth. The files of a run are written with it in the worker
/// threads, without building `Value` trees.
struct Pretty<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    /// Whether the innermost open object or array has no member yet.
    empty: bool,
}

impl<'a> Pretty<'a> {
    fn new(out: &'a mut Vec<u8>, depth: usize) -> Self {
        Pretty {
            out,
            depth,
            empty: true,
        }
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Before a member of the innermost object or array.
    fn member(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.newline();
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    /// A key of the innermost object; its value is written next.
    fn key(&mut self, key: &str) {
        self.member();
        write_str(self.out, key);
        self.out.extend_from_slice(b": ");
    }

    /// Before an element of the innermost array.
    fn element(&mut self) {
        self.member();
    }

    fn str(&mut self, value: &str) {
        write_str(self.out, value);
    }

    fn opt_str(&mut self, value: Option<&str>) {
        match value {
            Some(value) => write_str(self.out, value),
            None => self.null(),
        }
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    fn int(&mut self, value: impl std::fmt::Display) {
        use std::io::Write as _;
        let _ = write!(self.out, "{value}");
    }
}

/// A JSON string, escaped as serde_json escapes it: `"`, `\` and the
/// control characters below U+0020 (short forms for \b \t \n \f \r,
/// `\u00xx` otherwise); everything else as is.
fn write_str(out: &mut Vec<u8>, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = value.as_bytes();
    let mut start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..at]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn write_span(json: &mut Pretty<'_>, span: &std::ops::Range<usize>, text: &str, index: &LineIndex) {
    let start = index.line_col(text, span.start);
    let end = index.line_col(text, span.end);
    json.open(b'{');
    json.key("start");
    json.int(span.start);
    json.key("end");
    json.int(span.end);
    json.key("line");
    json.int(start.line);
    json.key("column");
    json.int(start.column);
    json.key("end_line");
    json.int(end.line);
    json.key("end_column");
    json.int(end.column);
    json.close(b'}');
}

fn write_diagnostic(json: &mut Pretty<'_>, diagnostic: &Diagnostic, text: &str, index: &LineIndex) {
    json.open(b'{');
    json.key("code");
    json.str(&diagnostic.code);
    json.key("category");
    json.str(diagnostic.category.as_str());
    json.key("severity");
    json.str(diagnostic.severity.as_str());
    json.key("message");
    json.str(&diagnostic.message);
    json.key("help");
    json.opt_str(diagnostic.help.as_deref());
    json.key("span");
    write_span(json, &diagnostic.span, text, index);
    json.key("labels");
    json.open(b'[');
    for label in &diagnostic.labels {
        json.element();
        json.open(b'{');
        json.key("message");
        json.str(&label.message);
        json.key("span");
        write_span(json, &label.span, text, index);
        json.close(b'}');
    }
    // Places in other reports (cross-report rules): path, line, column.
    for other in &diagnostic.related {
        json.element();
        json.open(b'{');
        json.key("message");
        json.str(&other.message);
        json.key("path");
        json.str(&other.path);
        json.key("line");
        json.int(other.line);
        json.key("column");
        json.int(other.column);
        json.close(b'}');
    }
    json.close(b']');
    json.key("fix");
    match &diagnostic.fix {
        None => json.null(),
        Some(fix) => {
            json.open(b'{');
            json.key("message");
            json.str(&fix.message);
            json.key("safe");
            json.bool(fix.is_safe());
            json.key("applicability");
            json.str(fix.applicability.as_str());
            json.key("edits");
            json.open(b'[');
            for edit in &fix.edits {
                json.element();
                json.open(b'{');
                json.key("span");
                write_span(json, &edit.span, text, index);
                json.key("replacement");
                json.str(&edit.replacement);
                json.close(b'}');
            }
            json.close(b']');
            json.close(b'}');
        }
    }
    // Only for text extracted from a document (.docx, .html).
    if let Some(location) = &diagnostic.location {
        json.key("location");
        json.open(b'{');
        match location.place {
            Place::Paragraph(paragraph) => {
                json.key("paragraph");
                json.int(paragraph);
            }
            Place::Cell { table, row, column } => {
                json.key("table");
                json.int(table);
                json.key("row");
                json.int(row);
                json.key("column");
                json.int(column);
            }
        }
        json.key("text");
        json.str(&location.text);
        json.close(b'}');
    }
    json.close(b'}');
}

/// One file's entry of the `files` array, as the JSON sink writes it
/// (indented for its place in the array, no separator). Safe to call in
/// worker threads; [`JsonSink::rendered`] writes it.
#[must_use]
pub fn file_entry(file: &FileResult<'_>) -> Vec<u8> {
    let index = LineIndex::new(file.text);
    let mut out = Vec::with_capacity(256 + file.diagnostics.len() * 640);
    out.extend_from_slice(b"    ");
    let mut json = Pretty::new(&mut out, 2);
    json.open(b'{');
    json.key("path");
    json.str(file.path);
    json.key("report");
    match file.report {
        None => json.null(),
        Some(report) => {
            json.open(b'{');
            json.key("year");
            match report.year() {
                Some(year) => json.int(year),
                None => json.null(),
            }
            json.key("agency");
            json.opt_str(
                report
                    .meta
                    .agency
                    .as_ref()
                    .map(|agency| agency.name.as_str()),
            );
            json.key("template");
            json.opt_str(report.template.as_deref());
            json.close(b'}');
        }
    }
    json.key("diagnostics");
    json.open(b'[');
    for diagnostic in file.diagnostics {
        json.element();
        write_diagnostic(&mut json, diagnostic, file.text, &index);
    }
    json.close(b']');
    json.close(b'}');
    out
}

/// The entry of a file that could not be read: `report` null, no
/// diagnostics, and the `error`.
fn failure_entry(failure: &super::Failure) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"    ");
    let mut json = Pretty::new(&mut out, 2);
    json.open(b'{');
    json.key("path");
    json.str(&failure.path);
    json.key("report");
    json.null();
    json.key("error");
    json.str(&failure.message);
    json.key("diagnostics");
    json.open(b'[');
    json.close(b']');
    json.close(b'}');
    out
}

/// The JSON format as a sink: the `files` array is written as files come,
/// the summary at the end.
#[derive(Debug, Default)]
pub struct JsonSink {
    started: bool,
}

impl JsonSink {
    /// Writes an entry made by [`file_entry`] (in any thread) in its place.
    ///
    /// # Errors
    /// Write errors.
    pub fn rendered(&mut self, out: &mut dyn std::io::Write, entry: &[u8]) -> std::io::Result<()> {
        out.write_all(if self.started {
            b",\n"
        } else {
            b"{\n  \"version\": 1,\n  \"files\": [\n"
        })?;
        self.started = true;
        out.write_all(entry)
    }
}

impl super::Sink for JsonSink {
    fn file(&mut self, out: &mut dyn std::io::Write, file: &FileResult<'_>) -> std::io::Result<()> {
        self.rendered(out, &file_entry(file))
    }

    fn prerendered(&mut self, out: &mut dyn std::io::Write, entry: &[u8]) -> std::io::Result<()> {
        self.rendered(out, entry)
    }

    fn failed(
        &mut self,
        out: &mut dyn std::io::Write,
        failure: &super::Failure,
    ) -> std::io::Result<()> {
        self.rendered(out, &failure_entry(failure))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Category, Edit, Fix, Label, Severity};

    /// The entry as it was written from a `Value`: pretty-printed by
    /// serde_json, each line indented by four spaces.
    fn via_value(value: &Value) -> Vec<u8> {
        let text = serde_json::to_string_pretty(value).unwrap();
        let lines: Vec<String> = text.lines().map(|line| format!("    {line}")).collect();
        lines.join("\n").into_bytes()
    }

    fn diagnostic(message: &str, span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic {
            code: "GK101".into(),
            name: "identity".into(),
            category: Category::Arithmetic,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            span,
            label: None,
            labels: Vec::new(),
            fix: None,
            url: None,
            location: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn entries_equal_serde_pretty_output() {
        let text = "第一行\r\n（一）总计\t12\n\u{1}\u{1f}\"\\ 末\u{7f}行 é\n";
        let mut all = diagnostic("a \"quoted\" \\ message\n\t\u{8}\u{c}\u{0}\u{1b}", 0..3);
        all.help = Some("帮助 help".into());
        all.labels = vec![
            Label {
                span: 4..10,
                message: "加数".into(),
            },
            Label {
                span: 200..300,
                message: String::new(),
            },
        ];
        all.fix = Some(Fix {
            message: "fix it".into(),
            edits: vec![Edit {
                span: 12..14,
                replacement: "1\r2".into(),
            }],
            applicability: Applicability::Verified,
        });
        all.related = vec![crate::diagnostic::Related {
            path: "2020/报告.txt".into(),
            line: 88,
            column: 3,
            message: "上年“结转下年度继续办理”".into(),
        }];
        all.location = Some(Location {
            place: Place::Cell {
                table: 2,
                row: 5,
                column: 3,
            },
            text: "表格 2 第 5 行第 3 列".into(),
        });
        let mut empty_fix = diagnostic("empty fix", 5..5);
        empty_fix.fix = Some(Fix {
            message: String::new(),
            edits: Vec::new(),
            applicability: Applicability::Unsafe,
        });
        empty_fix.location = Some(Location {
            place: Place::Paragraph(7),
            text: "第 7 段".into(),
        });
        let diagnostics = [all, empty_fix, diagnostic("", 1..2)];
        for diagnostics in [&diagnostics[..], &[]] {
            for path in ["a/b.txt", "C:\\reports\\\"x\".txt"] {
                let file = FileResult {
                    path,
                    text,
                    report: None,
                    diagnostics,
                };
                assert_eq!(
                    String::from_utf8(file_entry(&file)).unwrap(),
                    String::from_utf8(via_value(&file_json(&file))).unwrap()
                );
            }
        }
        let failure = super::super::Failure {
            path: "x\ty.pdf".into(),
            message: "不支持 \"PDF\"".into(),
        };
        assert_eq!(
            failure_entry(&failure),
            via_value(&json!({
                "path": failure.path,
                "report": null,
                "error": failure.message,
                "diagnostics": [],
            }))
        );
    }

    #[test]
    fn entries_of_read_reports_equal_serde_pretty_output() {
        let text = include_str!("../../tests/fixtures/seeds/001_b68246f228e475c5.txt");
        let linter = crate::linter::Linter::builtin().unwrap();
        let linted = linter.lint(text, &crate::linter::FileOptions::default());
        assert!(!linted.diagnostics.is_empty());
        let file = FileResult {
            path: "001.txt",
            text,
            report: Some(&linted.report),
            diagnostics: &linted.diagnostics,
        };
        assert_eq!(
            String::from_utf8(file_entry(&file)).unwrap(),
            String::from_utf8(via_value(&file_json(&file))).unwrap()
        );
    }
}
