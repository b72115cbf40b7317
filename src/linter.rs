//! The library entry point: a [`Linter`] holds the compiled rule packs and
//! lints report texts.

use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
use crate::engine::{Lang, RuleSet};
use crate::model::{AgencyKind, ReadOptions, Report, TableIndexes};
use crate::packs::{self, LoadedPack, NATIONAL, PackErrors};
use crate::template::{self, Template};

/// Per-file facts given by the user (command line, configuration).
#[derive(Clone, Copy, Debug, Default)]
pub struct FileOptions {
    /// The report year, when the report does not say it (or says it wrongly).
    pub year: Option<i32>,
    pub agency_kind: Option<AgencyKind>,
}

/// The result of linting one text.
#[derive(Debug)]
pub struct Linted {
    pub report: Report,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The national pack chosen for the report (`national-2021`).
    pub pack: &'static str,
}

/// Compiled rules for each national pack, ready to lint.
#[derive(Debug)]
pub struct Linter {
    templates: Vec<Template>,
    /// The label indexes of `templates`, built on the first read and shared
    /// by every report after it.
    indexes: OnceLock<TableIndexes>,
    /// One rule set per national pack (legacy, 2019, 2021), with the user's
    /// packs applied on top.
    variants: Vec<(&'static str, RuleSet)>,
    pub lang: Lang,
}

impl Linter {
    /// The built-in national packs.
    ///
    /// # Errors
    /// Only if a built-in pack is broken (caught by the test suite).
    pub fn builtin() -> Result<Linter, PackErrors> {
        Linter::with_packs(&[])
    }

    /// The national packs with `packs` applied on top, in order (later packs
    /// win). A pack that extends `national` follows the report year; one
    /// that extends a fixed national pack applies to every year.
    ///
    /// # Errors
    /// Every problem in the packs, with spans into their files.
    pub fn with_packs(user: &[LoadedPack]) -> Result<Linter, PackErrors> {
        let templates = template::builtin().to_vec();
        let mut variants = Vec::new();
        let mut errors = Vec::new();
        for national in NATIONAL {
            let base = packs::builtin(national)?;
            let mut rules = packs::resolve(&base, national, &mut Vec::new())?;
            for pack in user {
                match packs::resolve(pack, national, &mut Vec::new()) {
                    Ok(resolved) => {
                        for rule in resolved {
                            match rules.iter_mut().find(|r| r.entry.code == rule.entry.code) {
                                Some(existing) => *existing = rule,
                                None => rules.push(rule),
                            }
                        }
                    }
                    Err(mut problems) => {
                        // Every national variant reports the same problems.
                        if national == NATIONAL[0] {
                            errors.append(&mut problems.errors);
                        }
                    }
                }
            }
            if !errors.is_empty() {
                continue;
            }
            match packs::compile(&rules, &templates) {
                Ok(set) => variants.push((national, set)),
                Err(mut problems) => {
                    if errors.is_empty() {
                        errors.append(&mut problems.errors);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(PackErrors { errors });
        }
        Ok(Linter {
            indexes: OnceLock::new(),
            templates,
            variants,
            lang: Lang::default(),
        })
    }

    /// The templates the reader binds tables to.
    #[must_use]
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// The rule set of a national pack.
    #[must_use]
    pub fn rules(&self, national: &str) -> Option<&RuleSet> {
        self.variants
            .iter()
            .find(|(id, _)| *id == national)
            .map(|(_, set)| set)
    }

    /// Every national pack id with its rules.
    pub fn variants(&self) -> impl Iterator<Item = (&'static str, &RuleSet)> {
        self.variants.iter().map(|(id, set)| (*id, set))
    }

    /// Reads `text` as a report.
    #[must_use]
    pub fn read(&self, text: &str, options: &FileOptions) -> Report {
        let read = ReadOptions {
            templates: &self.templates,
            sections: template::builtin_sections(),
            year: options.year,
            agency_kind: options.agency_kind,
            indexes: Some(
                self.indexes
                    .get_or_init(|| TableIndexes::new(&self.templates)),
            ),
        };
        Report::read_with(text, &read)
    }

    /// Lints `text`.
    #[must_use]
    pub fn lint(&self, text: &str, options: &FileOptions) -> Linted {
        let report = self.read(text, options);
        let pack = national_for(report.year(), report.template.as_deref());
        let diagnostics = self
            .rules(pack)
            .map(|rules| rules.run(&report, text, &self.templates, self.lang))
            .unwrap_or_default();
        Linted {
            report,
            diagnostics,
            pack,
        }
    }
}

/// The national pack for a report: by year, else by the format its tables
/// use.
#[must_use]
pub fn national_for(year: Option<i32>, template: Option<&str>) -> &'static str {
    match year {
        Some(year) if year <= 2018 => "national-legacy",
        Some(year) if year <= 2020 => "national-2019",
        Some(_) => "national-2021",
        None if template == Some("gov-2021") => "national-2021",
        None => "national-2019",
    }
}

#[cfg(test)]
mod tests {
    use super::Linter;

    /// One linter serves every thread of a parallel run.
    #[test]
    fn linter_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Linter>();
    }
}
