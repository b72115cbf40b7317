//! Rule kinds: the mechanisms rules are made of. One file per kind; the
//! list below is THE list (a test fails if a file is missing from it).
//!
//! A kind turns a rule's `[rule.params]` into a compiled [`Check`] (failing
//! at load time on bad parameters), and the check reports findings through
//! [`Ctx`]. A kind sees only the report, its own parameters and the context.

pub(crate) mod util;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

use crate::engine::Ctx;
use crate::model::{Cell, Report};
use crate::template::Template;

/// A mechanism rules are built from.
pub trait Kind: Sync {
    /// The kind's name as written in packs (`identity`).
    fn name(&self) -> &'static str;
    /// One paragraph for the docs: what the kind checks.
    fn summary(&self) -> &'static str;
    /// The same in Chinese (`explain`).
    fn summary_zh(&self) -> &'static str;
    /// Placeholders the kind fills in messages.
    fn placeholders(&self) -> &'static [&'static str];

    /// The placeholders of the check `params` selects: a kind with several
    /// checks (`check = "…"`) narrows [`Kind::placeholders`] to what that
    /// check fills in, so that a message naming another check's is an
    /// error when the pack is loaded.
    fn placeholders_for(&self, params: &toml::Table) -> &'static [&'static str] {
        let _ = params;
        self.placeholders()
    }
    /// JSON Schema of the kind's `[rule.params]` (for editors and docs).
    fn params_schema(&self) -> schemars::Schema;
    /// Compiles a rule's parameters.
    ///
    /// # Errors
    /// Invalid parameters (unknown keys, wrong types, unknown cell keys,
    /// invalid expressions or regexes).
    fn compile(
        &self,
        params: &toml::Table,
        env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError>;
}

/// A compiled rule check.
pub trait Check: Send + Sync {
    fn run(&self, cx: &mut Ctx<'_>);
    /// Whether the check summarises other rules and must run after them.
    fn runs_last(&self) -> bool {
        false
    }
    /// A rule that compares a report with last year's (evaluated over an
    /// archive by `check`, not on one report).
    fn cross_year(&self) -> Option<&cross_year::CrossYearCheck> {
        None
    }
    /// What the check computes for `cell` where the cell stands alone on
    /// one side of an equation (a total), for the editor's hover. Checks
    /// that compute nothing per cell return nothing.
    fn explain_cell(
        &self,
        _report: &Report,
        _templates: &[Template],
        _cell: &Cell,
    ) -> Vec<CellRelation> {
        Vec::new()
    }
}

/// An equation that determines a cell: `total == natural + …` for the
/// total of row `new`, with the value its other side computes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRelation {
    /// The expression as written in the pack.
    pub expression: String,
    /// The row or column the expression was evaluated for (`each`).
    pub instance: Option<String>,
    /// The value the cell should hold; `None` when blank or non-numeric
    /// cells stopped the evaluation.
    pub expected: Option<Decimal>,
    /// For an inequality (`published <= total`) the value is a bound, not
    /// the expected value.
    pub equation: bool,
}

/// What a kind may consult while compiling.
#[derive(Clone, Copy, Debug)]
pub struct CompileEnv<'a> {
    pub templates: &'a [Template],
}

/// A problem with a rule's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub message: String,
    /// The parameter at fault (`expr`, `expr.1` for the second item of a
    /// list, `regex`), for pointing into the TOML.
    pub key: Option<String>,
    /// Byte offset of the error inside the parameter's string value.
    pub offset: Option<usize>,
}

impl ParamError {
    #[must_use]
    pub fn new(message: impl Into<String>) -> ParamError {
        ParamError {
            message: message.into(),
            key: None,
            offset: None,
        }
    }

    #[must_use]
    pub fn at(key: &str, message: impl Into<String>) -> ParamError {
        ParamError {
            message: message.into(),
            key: Some(key.to_string()),
            offset: None,
        }
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Declares the kinds, one line each: the module (a file of the same
/// name, whose `//!` text is the kind's reference) and the type. It makes
/// the `mod` items, [`KINDS`] and the sources the reference is read from,
/// so that no list can miss a kind another has.
macro_rules! kinds {
    ($($vis:vis $module:ident::$kind:ident),* $(,)?) => {
        $($vis mod $module;)*

        /// THE list of kinds, in the order their checks run.
        pub static KINDS: &[&dyn Kind] = &[$(&$module::$kind),*];

        /// The source of each kind's file, in the order of [`KINDS`].
        static SOURCES: &[&str] = &[$(include_str!(concat!(stringify!($module), ".rs"))),*];
    };
}

kinds! {
    required_sections::RequiredSections,
    section_order::SectionOrder,
    duplicate_section::DuplicateSection,
    section_title::SectionTitle,
    announced_sections::AnnouncedSections,
    section_content::SectionContent,
    report_meta::ReportMeta,
    decoding::Decoding,
    template_version::TemplateVersion,
    table_shape::TableShape,
    cell_value::CellValueKind,
    identity::Identity,
    pub(crate) cross_year::CrossYear,
    not_evaluated::NotEvaluated,
    date::DateKind,
    pattern::Pattern,
    doubled_word::DoubledWord,
    narrative_sum::NarrativeSum,
    narrative_table::NarrativeTable,
}

/// A kind's documentation: the `//!` lines of its source file.
#[must_use]
pub fn reference(name: &str) -> Option<String> {
    let at = KINDS.iter().position(|kind| kind.name() == name)?;
    let source = SOURCES[at];
    let lines: Vec<&str> = source
        .lines()
        .take_while(|line| line.starts_with("//!"))
        .map(|line| {
            line.strip_prefix("//! ")
                .unwrap_or(line.trim_start_matches("//!"))
        })
        .collect();
    Some(lines.join("\n"))
}

/// The kind named `name`.
#[must_use]
pub fn find(name: &str) -> Option<&'static dyn Kind> {
    KINDS.iter().copied().find(|kind| kind.name() == name)
}

/// Deserialises a kind's parameters (unknown keys are errors).
///
/// # Errors
/// The deserialiser's message, with the offending key when it names one.
pub fn params<T: DeserializeOwned>(table: &toml::Table) -> Result<T, ParamError> {
    toml::Value::Table(table.clone())
        .try_into()
        .map_err(|error: toml::de::Error| {
            let message = error.message().to_string();
            // "unknown field `foo`, expected …" / "missing field `expr`"
            let key = message
                .split('`')
                .nth(1)
                .filter(|_| message.contains("field"))
                .map(str::to_string);
            ParamError {
                message,
                key,
                offset: None,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_summarised_in_chinese_too() {
        for kind in KINDS {
            let zh = kind.summary_zh();
            assert!(
                zh.chars()
                    .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                    .count()
                    > 5,
                "{}: {zh}",
                kind.name()
            );
            assert!(!zh.contains(" the "), "{}: {zh}", kind.name());
        }
    }

    #[test]
    fn every_kind_file_is_in_the_list() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kinds");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            if stem == "mod" || stem == "util" {
                continue;
            }
            let kind = stem.replace('_', "-");
            assert!(
                find(&kind).is_some(),
                "src/kinds/{name} is not in kinds::KINDS"
            );
        }
        for kind in KINDS {
            assert!(
                reference(kind.name()).is_some_and(|doc| doc.len() > 40),
                "{} has no documentation",
                kind.name()
            );
        }
        let mut names: Vec<&str> = KINDS.iter().map(|kind| kind.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len(), "duplicate kind names");
    }
}
