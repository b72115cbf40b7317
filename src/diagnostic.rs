//! Findings: one type for every rule, rendered by `render` and the LSP.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fixed vocabulary of categories (design.md, JSON contract).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Parse,
    Structure,
    Table,
    Arithmetic,
    Date,
    Text,
    Consistency,
}

impl Category {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Parse => "parse",
            Category::Structure => "structure",
            Category::Table => "table",
            Category::Arithmetic => "arithmetic",
            Category::Date => "date",
            Category::Text => "text",
            Category::Consistency => "consistency",
        }
    }

    pub const ALL: [Category; 7] = [
        Category::Parse,
        Category::Structure,
        Category::Table,
        Category::Arithmetic,
        Category::Date,
        Category::Text,
        Category::Consistency,
    ];
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location with its own message (an addend of a failed sum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

/// A text replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// A proposed correction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
    /// Safe fixes can be applied without review (`--fix`); the others need
    /// `--unsafe-fixes` or a person in the editor.
    pub safe: bool,
}

/// One finding of one rule in one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The offending text (byte range into the report text).
    pub span: Range<usize>,
    /// Text of the primary label (shown under the span).
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
    /// Link to the rule's documentation.
    pub url: Option<String>,
}

impl Diagnostic {
    /// Sort key: position, then code.
    #[must_use]
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, self.code.as_str())
    }
}
