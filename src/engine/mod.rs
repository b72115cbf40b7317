//! The rule engine: compiled rules, run over a report, collecting
//! diagnostics. The engine never prints.

pub mod context;
pub mod message;

pub use context::{Ctx, Finding, Skipped};
pub use message::{Args, Lang};

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::input::Input;
use crate::kinds::Check;
use crate::model::{AgencyKind, Report};
use crate::template::Template;

/// The data of a rule (everything but its compiled check).
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub category: Category,
    /// Effective severity (after configuration).
    pub severity: Severity,
    pub default_severity: Severity,
    pub message: String,
    pub message_en: Option<String>,
    pub help: Option<String>,
    pub help_en: Option<String>,
    pub summary: String,
    pub summary_en: Option<String>,
    pub rationale: Option<String>,
    pub rationale_en: Option<String>,
    pub when: When,
    pub url: Option<String>,
    /// The pack that defined (or last changed) the rule.
    pub origin: String,
    pub examples: Vec<Example>,
    /// The rule's parameters as written (for `explain`).
    pub params: toml::Table,
}

impl RuleMeta {
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match (lang, &self.message_en) {
            (Lang::En, Some(english)) => english,
            _ => &self.message,
        }
    }

    #[must_use]
    pub fn help(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.help_en) {
            (Lang::En, Some(english)) => Some(english),
            _ => self.help.as_deref(),
        }
    }

    #[must_use]
    pub fn summary(&self, lang: Lang) -> &str {
        match (lang, &self.summary_en) {
            (Lang::En, Some(english)) => english,
            _ => &self.summary,
        }
    }

    #[must_use]
    pub fn rationale(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.rationale_en) {
            (Lang::En, Some(english)) => Some(english),
            _ => self.rationale.as_deref(),
        }
    }
}

/// An example of a rule: a report excerpt that must (invalid) or must not
/// (valid) trigger it.
#[derive(Clone, Debug, Default)]
pub struct Example {
    /// Last year's report of the same agency (cross-year rules).
    pub prev: Option<String>,
    pub valid: Option<String>,
    pub invalid: Option<String>,
    /// Report year to lint the example with, when the text does not say.
    pub year: Option<i32>,
    pub agency_kind: Option<AgencyKind>,
}

/// Conditions under which a rule applies to a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct When {
    pub min_year: Option<i32>,
    pub max_year: Option<i32>,
    /// Report templates (`gov-2019`, `gov-2021`); empty: any.
    pub templates: Vec<String>,
    /// `government`, `department`; empty: any.
    pub agency_kinds: Vec<String>,
    /// `township`, `county`, `city`, `department`; empty: any.
    pub agency_levels: Vec<String>,
}

impl When {
    /// Whether the rule applies to `report`. Unknown facts (no year, no
    /// agency) do not exclude a rule, except that a rule limited to some
    /// agency kinds or levels needs the agency to be known.
    #[must_use]
    pub fn applies(&self, report: &Report) -> bool {
        if let Some(year) = report.year()
            && (self.min_year.is_some_and(|min| year < min)
                || self.max_year.is_some_and(|max| year > max))
        {
            return false;
        }
        if !self.templates.is_empty()
            && !report
                .template
                .as_ref()
                .is_some_and(|template| self.templates.contains(template))
        {
            return false;
        }
        if !self.agency_kinds.is_empty() {
            let Some(agency) = &report.meta.agency else {
                return false;
            };
            if !self
                .agency_kinds
                .iter()
                .any(|kind| kind == agency.kind.as_str())
            {
                return false;
            }
        }
        if !self.agency_levels.is_empty() {
            let Some(level) = report.agency_level() else {
                return false;
            };
            if !self.agency_levels.iter().any(|wanted| wanted == level) {
                return false;
            }
        }
        true
    }
}

/// A compiled rule.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Box<dyn Check>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.meta.code)
            .finish_non_exhaustive()
    }
}

/// The rules that apply to one report, in evaluation order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Runs every applicable rule on `report`; diagnostics sorted by
    /// position, then code.
    #[must_use]
    pub fn run(
        &self,
        report: &Report,
        text: &str,
        templates: &[Template],
        lang: Lang,
    ) -> Vec<Diagnostic> {
        self.run_input(report, text, None, templates, lang)
    }

    /// [`RuleSet::run`] on a text read from a file: `input` tells rules how
    /// the text was obtained (its `text` is `text`).
    #[must_use]
    pub fn run_input(
        &self,
        report: &Report,
        text: &str,
        input: Option<&Input>,
        templates: &[Template],
        lang: Lang,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut skipped = Vec::new();
        // Rules that summarise other rules' results run last.
        let (last, first): (Vec<&Rule>, Vec<&Rule>) =
            self.rules.iter().partition(|rule| rule.check.runs_last());
        for rule in first.into_iter().chain(last) {
            if !rule.meta.when.applies(report) {
                continue;
            }
            let mut cx = Ctx {
                report,
                text,
                lang,
                templates,
                input,
                rule: &rule.meta,
                diagnostics: &mut diagnostics,
                skipped: &mut skipped,
                found: 0,
            };
            rule.check.run(&mut cx);
            cx.finish();
        }
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.dedup();
        diagnostics
    }
}
