//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other
//! consumers. Columns are Unicode code points (`columnKind` says so).
//! Results are written as files come; the tool and its rules (one entry
//! per code used) close the run.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileResult, Sink, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;
use crate::source::LineIndex;

/// The SARIF format as a sink.
#[derive(Debug, Default)]
pub struct SarifSink {
    /// The folder relative paths are relative to, as a `file://` URI
    /// (the working directory), declared as `%SRCROOT%`; `None` where
    /// that folder means nothing to the reader (the web service).
    srcroot: Option<String>,
    /// Whether a relative artifact location was written.
    relative: bool,
    header_written: bool,
    results: usize,
    used: BTreeSet<String>,
    /// Inputs that could not be linted: notifications of the invocation.
    failures: Vec<Value>,
}

const HEADER: &[u8] = b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [";

impl SarifSink {
    /// A sink whose relative paths are relative to `dir` (`%SRCROOT%`).
    #[must_use]
    pub fn relative_to(dir: &std::path::Path) -> SarifSink {
        SarifSink {
            srcroot: Some(format!("{}/", file_uri(dir).trim_end_matches('/'))),
            ..SarifSink::default()
        }
    }

    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            out.write_all(HEADER)?;
        }
        Ok(())
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF URI reference: `/` separators, `.` and `..`
/// segments resolved, percent-encoded outside the unreserved set. A
/// relative path that stays inside the working directory stays relative
/// (`reports/x.txt`, also for `../here/x.txt`); an absolute one, or one
/// outside the working directory, is a `file://` URI of the absolute
/// path.
#[must_use]
pub fn uri(path: &str) -> String {
    /// The working directory, read once per process.
    static CWD: std::sync::LazyLock<Option<std::path::PathBuf>> = std::sync::LazyLock::new(|| {
        std::env::current_dir()
            .ok()
            .map(|dir| crate::paths::normalize(&dir))
    });
    let given = std::path::Path::new(path);
    let absolute = crate::paths::absolute(given);
    if !given.is_absolute()
        && let Some(cwd) = CWD.as_ref()
        && let Ok(inside) = absolute.strip_prefix(cwd)
        && !inside.as_os_str().is_empty()
    {
        return encode(&crate::paths::slashed(inside), false);
    }
    file_uri(&absolute)
}

/// `file:///abs/path`, `file:///C:/abs/path`.
#[must_use]
pub fn file_uri(path: &std::path::Path) -> String {
    let slashed = crate::paths::slashed(path);
    let rooted = if slashed.starts_with('/') {
        slashed
    } else {
        format!("/{slashed}")
    };
    format!("file://{}", encode(&rooted, true))
}

/// Percent-encodes outside the unreserved set and `/` (and `:`, for an
/// absolute path's drive letter).
fn encode(text: &str, colon: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            b':' if colon => out.push(':'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The artifact location of `path`: relative ones against `%SRCROOT%`
/// when the run declares it.
fn artifact(path: &str, srcroot: bool) -> Value {
    let uri = uri(path);
    if srcroot && !uri.starts_with("file:") {
        json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
    } else {
        json!({ "uri": uri })
    }
}

fn region(span: &std::ops::Range<usize>, text: &str, index: &LineIndex, snippet: bool) -> Value {
    let start = index.line_col(text, span.start);
    let end = index.line_col(text, span.end);
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    });
    if snippet && span.end > span.start {
        region["snippet"] = json!({ "text": &text[span.clone()] });
    }
    region
}

/// The whole lines around a span, for viewers without the file.
fn context_range(
    span: &std::ops::Range<usize>,
    text: &str,
    index: &LineIndex,
) -> std::ops::Range<usize> {
    let first = index.line_of(span.start);
    let last = index.line_of(span.end.max(span.start));
    index.line_range(text, first).start..index.line_range(text, last).end
}

fn result(
    file: &FileResult<'_>,
    index: &LineIndex,
    diagnostic: &Diagnostic,
    srcroot: bool,
) -> Value {
    let artifact = artifact(file.path, srcroot);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push('\n');
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact.clone(),
                "region": region(&diagnostic.span, file.text, index, true),
            }
        }],
        "partialFingerprints": {
            "xxgkFingerprint/v2": crate::baseline::fingerprint(file.text, diagnostic),
        },
    });
    // The surrounding lines, when they say more than the span itself (a
    // context region must be a proper superset of the region).
    let lines = context_range(&diagnostic.span, file.text, index);
    if lines != diagnostic.span {
        result["locations"][0]["physicalLocation"]["contextRegion"] =
            region(&lines, file.text, index, true);
    }
    if !diagnostic.labels.is_empty() || !diagnostic.related.is_empty() {
        let mut related: Vec<Value> = diagnostic
            .labels
            .iter()
            .enumerate()
            .map(|(at, label)| {
                let text = if label.message.is_empty() {
                    diagnostic.message.clone()
                } else {
                    label.message.clone()
                };
                json!({
                    "id": at + 1,
                    "message": { "text": text },
                    "physicalLocation": {
                        "artifactLocation": artifact.clone(),
                        "region": region(&label.span, file.text, index, false),
                    },
                })
            })
            .collect();
        // Places in other reports (last year's cell of a cross-year rule).
        let first = related.len();
        related.extend(diagnostic.related.iter().enumerate().map(|(at, other)| {
            json!({
                "id": first + at + 1,
                "message": { "text": other.message },
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&other.path) },
                    "region": { "startLine": other.line, "startColumn": other.column },
                },
            })
        }));
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = &diagnostic.fix {
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": artifact.clone(),
                "replacements": fix.edits.iter().map(|edit| json!({
                    "deletedRegion": region(&edit.span, file.text, index, false),
                    "insertedContent": { "text": edit.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// `applications-column-balance` → `ApplicationsColumnBalance`.
fn pascal(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn rule(code: &str, meta: Option<&RuleMeta>) -> Value {
    let Some(meta) = meta else {
        return json!({ "id": code, "shortDescription": { "text": code } });
    };
    let mut full = meta.summary.clone();
    if let Some(rationale) = &meta.rationale {
        full.push(' ');
        full.push_str(rationale);
    }
    let mut rule = json!({
        "id": meta.code,
        "name": pascal(&meta.name),
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": full },
        "help": { "text": format!("{}\n{}", meta.summary, meta.summary_en.clone().unwrap_or_default()).trim().to_string() },
        "defaultConfiguration": { "level": level(meta.default_severity) },
        "properties": { "tags": [meta.category.as_str()], "category": meta.category.as_str() },
    });
    if let Some(url) = &meta.url {
        rule["helpUri"] = json!(url);
    }
    rule
}

impl Sink for SarifSink {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult<'_>) -> io::Result<()> {
        self.header(out)?;
        let index = LineIndex::new(file.text);
        for diagnostic in file.diagnostics {
            out.write_all(if self.results > 0 {
                b",\n        "
            } else {
                b"\n        "
            })?;
            self.results += 1;
            self.used.insert(diagnostic.code.clone());
            let result = result(file, &index, diagnostic, self.srcroot.is_some());
            self.relative |= result["locations"][0]["physicalLocation"]["artifactLocation"]
                .get("uriBaseId")
                .is_some();
            let text = serde_json::to_string(&result).map_err(io::Error::other)?;
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    }

    fn failed(&mut self, _out: &mut dyn Write, failure: &super::Failure) -> io::Result<()> {
        self.failures.push(json!({
            "level": "error",
            "message": { "text": failure.message },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact(&failure.path, self.srcroot.is_some()) } }],
        }));
        self.relative |= self.srcroot.is_some() && !uri(&failure.path).starts_with("file:");
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        _summary: &Summary,
        rules: &BTreeMap<String, RuleMeta>,
    ) -> io::Result<()> {
        self.header(out)?;
        let rules: Vec<Value> = self
            .used
            .iter()
            .map(|code| rule(code, rules.get(code)))
            .collect();
        let tool = json!({
            "driver": {
                "name": "xxgk-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }
        });
        // Whether every input was linted, and the ones that were not.
        let invocations = json!([{
            "executionSuccessful": self.failures.is_empty(),
            "toolExecutionNotifications": self.failures,
        }]);
        out.write_all(b"\n      ],\n")?;
        let mut parts = vec![("tool", tool), ("invocations", invocations)];
        if let (true, Some(root)) = (self.relative, &self.srcroot) {
            parts.push((
                "originalUriBaseIds",
                json!({ "%SRCROOT%": { "uri": root } }),
            ));
        }
        for (key, value) in &parts {
            let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
            if *key != "tool" {
                out.write_all(b",\n")?;
            }
            out.write_all(format!("      \"{key}\": ").as_bytes())?;
            for (at, line) in text.lines().enumerate() {
                if at > 0 {
                    out.write_all(b"\n      ")?;
                }
                out.write_all(line.as_bytes())?;
            }
        }
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}
