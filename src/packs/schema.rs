//! The TOML schema of rule packs (`rules/*.toml`, provincial packs).

use serde::Deserialize;

use crate::diagnostic::{Category, Severity};

/// `[pack]`: what the pack is and what it builds on.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// Identifier (`national-2021`, `hubei-2020`).
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Packs this one builds on: built-in names (`national`, which follows
    /// the report year, or `national-2019`, `national-2021`) or paths
    /// relative to this file.
    #[serde(default)]
    pub extends: Vec<String>,
    /// Documentation link of a rule; `{code}` is replaced by the code.
    #[serde(default)]
    pub url: Option<String>,
}

/// `[[rule]]`: one rule.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// Stable code (`GK301`): never reused for another rule.
    pub code: String,
    /// Kebab-case name of the problem (`applications-column-balance`).
    pub name: String,
    /// The mechanism (`identity`, `pattern`, …).
    pub kind: String,
    pub category: Category,
    pub severity: Severity,
    /// Message in Chinese, with `{placeholders}` of the kind.
    pub message: String,
    #[serde(default)]
    pub message_en: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub help_en: Option<String>,
    /// What the rule checks (one sentence).
    pub summary: String,
    #[serde(default)]
    pub summary_en: Option<String>,
    /// Why it matters (the legal or format basis).
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub rationale_en: Option<String>,
    #[serde(default)]
    pub when: Option<WhenEntry>,
    #[serde(default)]
    pub params: toml::Table,
    #[serde(default)]
    pub examples: Vec<ExampleEntry>,
}

/// `[[override]]`: change a rule defined by an extended pack.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideEntry {
    pub code: String,
    /// `off` disables the rule.
    #[serde(default)]
    pub severity: Option<SeverityOrOff>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub message_en: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub help_en: Option<String>,
    #[serde(default)]
    pub when: Option<WhenEntry>,
    /// Parameters merged over the rule's (key by key).
    #[serde(default)]
    pub params: Option<toml::Table>,
    /// Examples added to the rule's.
    #[serde(default)]
    pub examples: Vec<ExampleEntry>,
}

/// A severity, or `off`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SeverityOrOff {
    Off,
    Info,
    Warning,
    Error,
}

impl SeverityOrOff {
    #[must_use]
    pub fn severity(self) -> Option<Severity> {
        match self {
            SeverityOrOff::Off => None,
            SeverityOrOff::Info => Some(Severity::Info),
            SeverityOrOff::Warning => Some(Severity::Warning),
            SeverityOrOff::Error => Some(Severity::Error),
        }
    }
}

/// `when = { … }`: conditions on the report.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WhenEntry {
    #[serde(default)]
    pub min_year: Option<i32>,
    #[serde(default)]
    pub max_year: Option<i32>,
    #[serde(default)]
    pub templates: Vec<String>,
    #[serde(default)]
    pub agency_kinds: Vec<String>,
    #[serde(default)]
    pub agency_levels: Vec<String>,
}

/// `[[rule.examples]]`: a report excerpt that must trigger the rule
/// (`invalid`) or must not (`valid`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleEntry {
    #[serde(default)]
    pub valid: Option<String>,
    #[serde(default)]
    pub invalid: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub agency_kind: Option<String>,
}

impl From<&WhenEntry> for crate::engine::When {
    fn from(entry: &WhenEntry) -> Self {
        crate::engine::When {
            min_year: entry.min_year,
            max_year: entry.max_year,
            templates: entry.templates.clone(),
            agency_kinds: entry.agency_kinds.clone(),
            agency_levels: entry.agency_levels.clone(),
        }
    }
}
