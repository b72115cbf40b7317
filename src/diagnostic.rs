//! Findings: one type for every rule, rendered by `render` and the LSP.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::messages::{self, Lang};

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

    /// The severity as people read it: 错误/警告/提示, error/warning/info.
    #[must_use]
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => messages::INFO,
            Severity::Warning => messages::WARNING,
            Severity::Error => messages::ERROR,
        }
        .get(lang)
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

impl Category {
    /// The category as people read it (`算术`, `arithmetic`); machine
    /// formats keep [`Category::as_str`].
    #[must_use]
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Category::Parse => messages::CATEGORY_PARSE,
            Category::Structure => messages::CATEGORY_STRUCTURE,
            Category::Table => messages::CATEGORY_TABLE,
            Category::Arithmetic => messages::CATEGORY_ARITHMETIC,
            Category::Date => messages::CATEGORY_DATE,
            Category::Text => messages::CATEGORY_TEXT,
            Category::Consistency => messages::CATEGORY_CONSISTENCY,
        }
        .get(lang)
    }
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

/// A place in another report that a finding refers to: the cell of last
/// year's report a cross-year rule compared this year's with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The other report's path, as given or found.
    pub path: String,
    /// 1-based line in the other report's text.
    pub line: usize,
    /// 1-based column (characters) in that line.
    pub column: usize,
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
    pub applicability: Applicability,
}

impl Fix {
    /// Whether `--fix` may apply it (directly or once verified).
    #[must_use]
    pub fn is_safe(&self) -> bool {
        self.applicability != Applicability::Unsafe
    }
}

/// When a fix may be applied without a person reviewing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Always: the edit cannot change what the report says (conversion
    /// debris removed).
    Safe,
    /// When, once it is applied, no arithmetic finding touches the edited
    /// text and no new error appears: a total set to the sum of its parts,
    /// blank cells filled with 0. `--fix` checks this by linting again.
    Verified,
    /// Only with `--unsafe-fixes`, or by a person in the editor: the fix
    /// guesses which of several cells or words is wrong.
    Unsafe,
}

impl Applicability {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Verified => "verified",
            Applicability::Unsafe => "unsafe",
        }
    }
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
    /// Places in other reports (cross-report rules); empty for the rules
    /// of a single report.
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// Link to the rule's documentation.
    pub url: Option<String>,
    /// Where the span lies in the original document, for inputs whose text
    /// was extracted (.docx, .html); `None` for text files.
    pub location: Option<Location>,
}

/// A place in a Word document or web page, as a person finds it there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The n-th paragraph of the document body (1-based; tables not
    /// counted).
    Paragraph(usize),
    /// A table cell: the n-th table of the document, row and grid column
    /// (all 1-based; a merged cell is at its first column).
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// A [`Place`] with its description in the output language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub place: Place,
    /// `表格 2 第 5 行第 3 列` / `table 2, row 5, column 3`.
    pub text: String,
}

impl Place {
    /// The place in words.
    #[must_use]
    pub fn describe(self, lang: crate::engine::Lang) -> String {
        use crate::engine::Lang;
        match (self, lang) {
            (Place::Paragraph(paragraph), Lang::Zh) => format!("第 {paragraph} 段"),
            (Place::Paragraph(paragraph), Lang::En) => format!("paragraph {paragraph}"),
            (Place::Cell { table, row, column }, Lang::Zh) => {
                format!("表格 {table} 第 {row} 行第 {column} 列")
            }
            (Place::Cell { table, row, column }, Lang::En) => {
                format!("table {table}, row {row}, column {column}")
            }
        }
    }
}

impl Diagnostic {
    /// Sort key: position, then code.
    #[must_use]
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, self.code.as_str())
    }
}
