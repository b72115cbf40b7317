//! The TOML schema of rule packs (`rules/*.toml`, provincial packs).

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostic::{Category, Severity};

/// A whole pack file.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "xxgk-lint rule pack")]
pub struct PackFile {
    pub pack: PackMeta,
    /// New rules.
    #[serde(default)]
    pub rule: Vec<RuleEntry>,
    /// Changes to rules of the extended packs, by code.
    #[serde(default, rename = "override")]
    pub overrides: Vec<OverrideEntry>,
    /// Extensions of the table templates (extra rows and columns).
    #[serde(default)]
    pub template: Option<TemplateExtension>,
}

/// `[template]`: rows and columns added to the national table formats.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateExtension {
    #[serde(default)]
    pub rows: Vec<RowExtension>,
    #[serde(default)]
    pub columns: Vec<ColumnExtension>,
}

/// `[[template.rows]]`: a row added to a table (e.g. 湖北's
/// 其他主动公开文件 in 表二 第二十条第（一）项).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RowExtension {
    /// Table key (`active`, `applications`, `reviews`).
    pub table: String,
    /// The new row's key (`other_published`); cells are `key.column`.
    pub key: String,
    /// The row is inserted after this row, in its block (sharing its columns).
    pub after: String,
    /// Accepted labels, the official one first.
    pub labels: Vec<String>,
    /// Labels that bind but are reported as non-standard.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Templates to extend (default: every template that has `after`).
    #[serde(default)]
    pub templates: Vec<String>,
}

/// `[[template.columns]]`: a column added to a block of a table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnExtension {
    pub table: String,
    /// Any row of the block that gets the column.
    pub row: String,
    pub key: String,
    /// Printed header label.
    pub label: String,
    /// `count` (default), `change` or `amount`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Unit given by the header, for amounts.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub templates: Vec<String>,
}

/// `[pack.applies]`: the reports a pack applies to; others are linted as if
/// the pack were not given.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AppliesEntry {
    #[serde(default)]
    pub min_year: Option<i32>,
    #[serde(default)]
    pub max_year: Option<i32>,
    /// `government`, `department`.
    #[serde(default)]
    pub agency_kinds: Vec<String>,
    /// `township`, `county`, `city`, `department`.
    #[serde(default)]
    pub agency_levels: Vec<String>,
    /// Glob patterns of report paths (`湖北/**`), matched against the path as
    /// given and relative to the pack's folder.
    #[serde(default)]
    pub files: Vec<String>,
}

/// `[pack]`: what the pack is and what it builds on.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
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
    /// The reports this pack applies to (default: all).
    #[serde(default)]
    pub applies: Option<AppliesEntry>,
}

/// `[[rule]]`: one rule.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
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
    /// Parameters of the kind (see docs/rule-packs.md).
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub params: toml::Table,
    #[serde(default)]
    pub examples: Vec<ExampleEntry>,
}

/// `[[override]]`: change a rule defined by an extended pack.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
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
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub params: Option<toml::Table>,
    /// Examples added to the rule's.
    #[serde(default)]
    pub examples: Vec<ExampleEntry>,
}

/// A severity, or `off`.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
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
#[derive(Clone, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
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
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleEntry {
    /// Last year's report of the same agency, for cross-year rules.
    #[serde(default)]
    pub prev: Option<String>,
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
