//! The library entry point: a [`Linter`] holds the rule packs and lints
//! report texts.
//!
//! The national packs are chosen by report year. User packs (provincial
//! packs, `--pack`, a configuration's `extends`) are layered on top, in
//! order; a pack with `[pack.applies]` conditions only takes part for the
//! reports it applies to, so the rules (and table templates) actually used
//! depend on the report. Each combination of packs is compiled once, on
//! first use.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostic::Diagnostic;
use crate::engine::{Lang, RuleSet, When};
use crate::input::Input;
use crate::model::{AgencyKind, ReadOptions, Report, TableIndexes};
use crate::packs::{self, LoadedPack, NATIONAL, PackErrors};
use crate::template::{self, Template};

/// Per-file facts given by the user (command line, configuration).
#[derive(Clone, Debug, Default)]
pub struct FileOptions {
    /// The report year, when the report does not say it (or says it wrongly).
    pub year: Option<i32>,
    pub agency_kind: Option<AgencyKind>,
    /// The report's path, for packs that apply to some files only.
    pub path: Option<PathBuf>,
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

/// The rules and templates of one combination of packs.
#[derive(Debug)]
pub struct Compiled {
    pub templates: Vec<Template>,
    /// One rule set per national pack (legacy, 2019, 2021).
    pub variants: Vec<(&'static str, RuleSet)>,
    /// The label indexes of `templates`, built on the first read and
    /// shared by every report after it.
    indexes: OnceLock<TableIndexes>,
}

#[derive(Debug)]
struct Layer {
    pack: LoadedPack,
    /// The pack's `applies`, as the condition rules use (`when`): one
    /// evaluation for both.
    when: When,
    files: Vec<glob::Pattern>,
}

/// Compiled rule packs, ready to lint.
#[derive(Debug)]
pub struct Linter {
    layers: Vec<Layer>,
    /// Every pack applied: what `rules`, docs and validation see.
    full: Arc<Compiled>,
    cache: Mutex<HashMap<u64, Arc<Compiled>>>,
    pub lang: Lang,
}

impl Linter {
    /// The built-in national packs.
    ///
    /// # Errors
    /// Only if a built-in pack is broken (caught by the test suite).
    pub fn builtin() -> Result<Linter, PackErrors> {
        Linter::with_packs(Vec::new())
    }

    /// The national packs with `packs` layered on top, in order (later packs
    /// win). A pack that extends `national` follows the report year.
    ///
    /// # Errors
    /// Every problem in the packs, with spans into their files.
    pub fn with_packs(packs: Vec<LoadedPack>) -> Result<Linter, PackErrors> {
        if packs.len() > 63 {
            return Err(PackErrors { errors: Vec::new() });
        }
        let mut layers = Vec::new();
        for pack in packs {
            let applies = pack.meta.applies.clone().unwrap_or_default();
            let mut files = Vec::new();
            for pattern in &applies.files {
                files.push(glob::Pattern::new(pattern).map_err(|error| PackErrors {
                    errors: vec![packs::PackError::UnknownBuiltin {
                        name: format!(
                            "{} (invalid file pattern `{pattern}`: {error})",
                            pack.meta.id
                        ),
                    }],
                })?);
            }
            let when = When {
                min_year: applies.min_year,
                max_year: applies.max_year,
                templates: Vec::new(),
                agency_kinds: applies.agency_kinds.clone(),
                agency_levels: applies.agency_levels.clone(),
            };
            layers.push(Layer { pack, when, files });
        }
        let all = if layers.is_empty() {
            0
        } else {
            (1u64 << layers.len()) - 1
        };
        let full = Arc::new(compile_layers(&layers, all)?);
        // Keys nothing would match (a misspelt table or agency level) are
        // errors, not rules that silently never fire.
        let kind_of = |code: &str| {
            full.variants.iter().find_map(|(_, set)| {
                set.rules
                    .iter()
                    .find(|rule| rule.meta.code == code)
                    .map(|rule| (rule.meta.kind.clone(), rule.meta.params.clone()))
            })
        };
        let errors: Vec<packs::PackError> = layers
            .iter()
            .flat_map(|layer| packs::keys::validate(&layer.pack, &full.templates, &kind_of))
            .collect();
        if !errors.is_empty() {
            return Err(PackErrors { errors });
        }
        let mut cache = HashMap::new();
        cache.insert(all, Arc::clone(&full));
        Ok(Linter {
            layers,
            full,
            cache: Mutex::new(cache),
            lang: Lang::default(),
        })
    }

    /// The templates with every pack's extensions.
    #[must_use]
    pub fn templates(&self) -> &[Template] {
        &self.full.templates
    }

    /// The rule set of a national pack, with every user pack applied.
    #[must_use]
    pub fn rules(&self, national: &str) -> Option<&RuleSet> {
        self.full
            .variants
            .iter()
            .find(|(id, _)| *id == national)
            .map(|(_, set)| set)
    }

    /// Every national pack id with its rules (every user pack applied).
    pub fn variants(&self) -> impl Iterator<Item = (&'static str, &RuleSet)> {
        self.full.variants.iter().map(|(id, set)| (*id, set))
    }

    /// Every rule code this linter knows: those of its rule sets, those its
    /// packs turned off, and those of the national packs.
    #[must_use]
    pub fn codes(&self) -> std::collections::BTreeSet<String> {
        let mut codes: std::collections::BTreeSet<String> = self
            .variants()
            .flat_map(|(_, set)| set.rules.iter().map(|rule| rule.meta.code.clone()))
            .collect();
        codes.extend(
            self.packs()
                .flat_map(|pack| pack.rules.iter().map(|(_, rule)| rule.code.clone())),
        );
        if !self.layers.is_empty()
            && let Ok(national) = Linter::builtin()
        {
            codes.extend(national.codes());
        }
        codes
    }

    /// The user packs, in order.
    pub fn packs(&self) -> impl Iterator<Item = &LoadedPack> {
        self.layers.iter().map(|layer| &layer.pack)
    }

    fn compiled(&self, mask: u64) -> Arc<Compiled> {
        if let Some(found) = self
            .cache
            .lock()
            .ok()
            .and_then(|cache| cache.get(&mask).cloned())
        {
            return found;
        }
        // A combination can fail only when one pack builds on another that
        // does not apply; lint with every pack then, as validated.
        let compiled =
            compile_layers(&self.layers, mask).map_or_else(|_| Arc::clone(&self.full), Arc::new);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(mask, Arc::clone(&compiled));
        }
        compiled
    }

    /// Reads `text` as a report with the templates of `compiled`.
    fn read_with(text: &str, options: &FileOptions, compiled: &Compiled) -> Report {
        let read = ReadOptions {
            templates: &compiled.templates,
            sections: template::builtin_sections(),
            year: options.year,
            agency_kind: options.agency_kind,
            indexes: Some(
                compiled
                    .indexes
                    .get_or_init(|| TableIndexes::new(&compiled.templates)),
            ),
        };
        Report::read_with(text, &read)
    }

    /// Reads `text` as a report (with the packs that apply to it).
    #[must_use]
    pub fn read(&self, text: &str, options: &FileOptions) -> Report {
        self.select(text, options).0
    }

    /// The report and the packs that apply to it.
    fn select(&self, text: &str, options: &FileOptions) -> (Report, Arc<Compiled>) {
        // Packs limited to some files decide before reading; packs limited
        // to some years or agencies after (re-reading if their templates
        // would have changed the reading).
        let by_file = self.mask(|layer| layer_matches_file(layer, options.path.as_deref()));
        let compiled = self.compiled(by_file);
        let report = Linter::read_with(text, options, &compiled);
        let applying = by_file & self.mask(|layer| layer_matches_report(layer, &report));
        if applying == by_file {
            return (report, compiled);
        }
        let compiled = self.compiled(applying);
        (Linter::read_with(text, options, &compiled), compiled)
    }

    fn mask(&self, keep: impl Fn(&Layer) -> bool) -> u64 {
        self.layers
            .iter()
            .enumerate()
            .filter(|(_, layer)| keep(layer))
            .fold(0, |mask, (index, _)| mask | (1 << index))
    }

    /// Lints `text`.
    #[must_use]
    pub fn lint(&self, text: &str, options: &FileOptions) -> Linted {
        self.lint_in(text, options, self.lang)
    }

    /// Lints `text` with messages in `lang`.
    #[must_use]
    pub fn lint_in(&self, text: &str, options: &FileOptions, lang: Lang) -> Linted {
        self.lint_text(text, None, options, lang)
    }

    /// Lints a file read by [`crate::input::load`]: its text, with the
    /// facts of the reading (undecodable bytes) available to rules, and
    /// each diagnostic located in the document (`.docx`, `.html`).
    #[must_use]
    pub fn lint_input(&self, input: &Input, options: &FileOptions) -> Linted {
        self.lint_input_in(input, options, self.lang)
    }

    /// [`Linter::lint_input`] with messages in `lang`.
    #[must_use]
    pub fn lint_input_in(&self, input: &Input, options: &FileOptions, lang: Lang) -> Linted {
        let mut linted = self.lint_text(&input.text, Some(input), options, lang);
        input.locate(&mut linted.diagnostics, lang);
        linted
    }

    /// Lints `current` as the report following `previous` of the same
    /// agency with the cross-year rules only: what `check` reports when
    /// both are in the files it checks. Returns the findings on `current`
    /// (positions in `current`).
    #[must_use]
    pub fn lint_pair(
        &self,
        previous: (&str, &str),
        current: (&str, &str),
        options: &FileOptions,
    ) -> Vec<Diagnostic> {
        let (report, compiled) = self.select(current.1, options);
        let pack = national_for(report.year(), report.template.as_deref());
        let Some((_, rules)) = compiled.variants.iter().find(|(id, _)| *id == pack) else {
            return Vec::new();
        };
        crate::archive::check_pair(rules, &compiled.templates, previous, current, self.lang)
    }

    fn lint_text(
        &self,
        text: &str,
        input: Option<&Input>,
        options: &FileOptions,
        lang: Lang,
    ) -> Linted {
        let (report, compiled) = self.select(text, options);
        let pack = national_for(report.year(), report.template.as_deref());
        let diagnostics = compiled
            .variants
            .iter()
            .find(|(id, _)| *id == pack)
            .map(|(_, rules)| rules.run_input(&report, text, input, &compiled.templates, lang))
            .unwrap_or_default();
        Linted {
            report,
            diagnostics,
            pack,
        }
    }
}

fn layer_matches_file(layer: &Layer, path: Option<&Path>) -> bool {
    if layer.files.is_empty() {
        return true;
    }
    let Some(path) = path else { return false };
    let given = path.to_string_lossy().replace('\\', "/");
    let relative = layer
        .pack
        .source
        .dir
        .as_ref()
        .and_then(|dir| {
            std::path::absolute(path)
                .ok()?
                .strip_prefix(std::path::absolute(dir).ok()?)
                .ok()
                .map(Path::to_path_buf)
        })
        .map(|p| p.to_string_lossy().replace('\\', "/"));
    layer.files.iter().any(|pattern| {
        pattern.matches(&given) || relative.as_ref().is_some_and(|r| pattern.matches(r))
    })
}

fn layer_matches_report(layer: &Layer, report: &Report) -> bool {
    layer.when.applies(report)
}

/// Compiles the national packs with the layers in `mask` on top.
fn compile_layers(layers: &[Layer], mask: u64) -> Result<Compiled, PackErrors> {
    let chosen: Vec<&Layer> = layers
        .iter()
        .enumerate()
        .filter(|(index, _)| mask & (1 << index) != 0)
        .map(|(_, layer)| layer)
        .collect();
    let mut templates = template::builtin().to_vec();
    let mut errors = Vec::new();
    for layer in &chosen {
        if let Err(mut problems) = packs::extend_templates(&mut templates, &layer.pack) {
            errors.append(&mut problems.errors);
        }
    }
    let mut variants = Vec::new();
    for national in NATIONAL {
        let base = packs::builtin(national)?;
        let mut rules = packs::resolve(&base, national, &mut Vec::new())?;
        for layer in &chosen {
            match packs::resolve(&layer.pack, national, &mut Vec::new()) {
                Ok(resolved) => {
                    for rule in resolved {
                        match rules.iter_mut().find(|r| r.entry.code == rule.entry.code) {
                            Some(existing) => *existing = rule,
                            None => rules.push(rule),
                        }
                    }
                }
                Err(mut problems) => {
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
    if errors.is_empty() {
        Ok(Compiled {
            templates,
            variants,
            indexes: OnceLock::new(),
        })
    } else {
        Err(PackErrors { errors })
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
