//! Rule packs: TOML files of rules, built in (`rules/*.toml`) or written by
//! provinces. Loading validates everything (schema, kinds, parameters,
//! expressions, regexes, codes) and reports every problem with a span into
//! the TOML file. IO happens only here (and in `cli`, `config`, `lsp`).

pub mod keys;
mod locate;
pub mod schema;

use crate::messages::{self, Lang, Translated};
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

pub use schema::{
    AppliesEntry, ColumnExtension, ExampleEntry, OverrideEntry, PackFile, PackMeta, RowExtension,
    RuleEntry, SeverityOrOff, TemplateExtension, WhenEntry,
};

use crate::engine::{Example, Rule, RuleMeta, RuleSet, When};
use crate::kinds::{self, CompileEnv};
use crate::model::AgencyKind;
use crate::source::floor_char_boundary;
use crate::template::Template;
use locate::{Seg, path, span, string_offset};

/// Built-in packs, embedded in the binary.
pub const BUILTIN: [(&str, &str); 4] = [
    (
        "national-common",
        include_str!("../../rules/national-common.toml"),
    ),
    (
        "national-legacy",
        include_str!("../../rules/national-legacy.toml"),
    ),
    (
        "national-2019",
        include_str!("../../rules/national-2019.toml"),
    ),
    (
        "national-2021",
        include_str!("../../rules/national-2021.toml"),
    ),
];

/// The national packs chosen by report year, in order.
pub const NATIONAL: [&str; 3] = ["national-legacy", "national-2019", "national-2021"];

/// Where a pack's text came from.
#[derive(Debug)]
pub struct PackSource {
    /// A path, or `builtin:<id>`.
    pub name: String,
    pub text: String,
    /// Folder of a file pack (for relative `extends`).
    pub dir: Option<PathBuf>,
}

/// A problem in a rule pack.
#[derive(Debug, Error, Diagnostic)]
pub enum PackError {
    #[error("{message}")]
    #[diagnostic(code(xxgk::pack))]
    Invalid {
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
        #[help]
        help: Option<String>,
    },
    #[error("cannot read rule pack {path}")]
    #[diagnostic(
        code(xxgk::pack::io),
        help("check the path in `extends` or on the command line")
    )]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("unknown built-in pack `{name}`")]
    #[diagnostic(
        code(xxgk::pack::unknown),
        help("built-in packs: national, national-2019, national-2021")
    )]
    UnknownBuiltin { name: String },
}

/// All problems found in one load.
#[derive(Debug, Error, Diagnostic)]
#[error("invalid rule pack ({} problem{})", errors.len(), if errors.len() == 1 { "" } else { "s" })]
#[diagnostic(code(xxgk::pack))]
pub struct PackErrors {
    #[related]
    pub errors: Vec<PackError>,
}

impl PackError {
    /// The problem in the user's language (a pack's own problem keeps
    /// its message: it names TOML keys and values).
    #[must_use]
    pub fn localized(self, lang: Lang) -> Translated {
        let (message, help) = match &self {
            PackError::Invalid { message, .. } => (message.clone(), None),
            PackError::Read { path, .. } => (
                messages::PACK_READ.fill(lang, &[("path", path.clone())]),
                Some(messages::PACK_READ_HELP.get(lang).to_string()),
            ),
            PackError::UnknownBuiltin { name } => (
                messages::PACK_UNKNOWN.fill(lang, &[("name", name.clone())]),
                Some(messages::PACK_UNKNOWN_HELP.get(lang).to_string()),
            ),
        };
        Translated::new(self, message, help)
    }
}

impl PackErrors {
    /// The problems in the user's language.
    #[must_use]
    pub fn localized(self, lang: Lang) -> Translated {
        let message =
            messages::PACK_INVALID.fill(lang, &[("count", self.errors.len().to_string())]);
        let related = self
            .errors
            .into_iter()
            .map(|error| error.localized(lang))
            .collect();
        Translated::new(PackErrors { errors: Vec::new() }, message, None).with_related(related)
    }

    fn one(error: PackError) -> PackErrors {
        PackErrors {
            errors: vec![error],
        }
    }
}

/// A parsed pack file.
#[derive(Debug)]
pub struct LoadedPack {
    pub meta: PackMeta,
    /// Rules with their path in the file (`rule.3`).
    pub rules: Vec<(String, RuleEntry)>,
    /// Overrides with their path in the file (`override.0`).
    pub overrides: Vec<(String, OverrideEntry)>,
    pub template: TemplateExtension,
    pub source: Arc<PackSource>,
}

/// A rule after `extends` and overrides, with where it was defined.
#[derive(Clone, Debug)]
pub struct ResolvedRule {
    pub entry: RuleEntry,
    /// The pack that defined or last changed the rule.
    pub origin: String,
    /// Off by an override.
    pub off: bool,
    /// Whether an override changed its messages (then checked where the
    /// override is written, by [`keys::validate`]).
    pub messages_overridden: bool,
    pub source: Arc<PackSource>,
    /// Path of the rule in its source (`rule.3`).
    pub path: String,
    pub url: Option<String>,
}

fn invalid(
    source: &PackSource,
    range: Range<usize>,
    message: impl Into<String>,
    label: impl Into<String>,
    help: Option<String>,
) -> PackError {
    PackError::Invalid {
        message: message.into(),
        src: NamedSource::new(source.name.clone(), source.text.clone()).with_language("toml"),
        span: range.into(),
        label: label.into(),
        help,
    }
}

fn locate(source: &PackSource, at: &str, key: bool) -> Range<usize> {
    span(&source.text, &path(at), key).unwrap_or(0..0)
}

/// Parses a pack, collecting every schema problem.
///
/// # Errors
/// TOML syntax, unknown keys, wrong types, missing fields.
pub fn parse(source: Arc<PackSource>) -> Result<LoadedPack, PackErrors> {
    let (pack, errors) = parse_partial(source);
    match pack {
        Some(pack) if errors.is_empty() => Ok(pack),
        _ => Err(PackErrors { errors }),
    }
}

/// Parses what can be parsed of a pack: the rules and overrides that are
/// well-formed, and every problem of the others (so that one check reports
/// all of a file's problems at once).
#[must_use]
pub fn parse_partial(source: Arc<PackSource>) -> (Option<LoadedPack>, Vec<PackError>) {
    let table: toml::Table = match toml::from_str(&source.text) {
        Ok(table) => table,
        Err(error) => {
            let range = error.span().unwrap_or(0..0);
            let problem = invalid(
                &source,
                range,
                format!("invalid TOML: {}", error.message()),
                "here",
                None,
            );
            return (None, vec![problem]);
        }
    };
    let mut errors = Vec::new();
    let field_error = |at: &str, error: &toml::de::Error| {
        let message = error.message().to_string();
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| message.contains("field"))
            .map(str::to_string);
        let (where_, key) = match (&field, message.starts_with("unknown field")) {
            (Some(field), true) => (format!("{at}.{field}"), true),
            (Some(field), false) if !message.starts_with("missing field") => {
                (format!("{at}.{field}"), false)
            }
            _ => (at.to_string(), true),
        };
        invalid(
            &source,
            locate(&source, &where_, key),
            message,
            "here",
            None,
        )
    };
    for key in table.keys() {
        if !["pack", "rule", "override", "template"].contains(&key.as_str()) {
            errors.push(invalid(
                &source,
                locate(&source, key, true),
                format!("unknown key `{key}`"),
                "unknown key",
                Some("a pack has [pack], [[rule]], [[override]] and [template] tables".into()),
            ));
        }
    }
    let meta = match table.get("pack") {
        Some(value) => match value.clone().try_into::<PackMeta>() {
            Ok(meta) => Some(meta),
            Err(error) => {
                errors.push(field_error("pack", &error));
                None
            }
        },
        None => {
            errors.push(invalid(
                &source,
                0..0,
                "missing [pack] table",
                "expected [pack] with id and title",
                None,
            ));
            None
        }
    };
    let mut rules = Vec::new();
    if let Some(items) = table.get("rule").and_then(toml::Value::as_array) {
        for (index, item) in items.iter().enumerate() {
            let at = format!("rule.{index}");
            match item.clone().try_into::<RuleEntry>() {
                Ok(rule) => rules.push((at, rule)),
                Err(error) => errors.push(field_error(&at, &error)),
            }
        }
    }
    let mut overrides = Vec::new();
    if let Some(items) = table.get("override").and_then(toml::Value::as_array) {
        for (index, item) in items.iter().enumerate() {
            let at = format!("override.{index}");
            match item.clone().try_into::<OverrideEntry>() {
                Ok(entry) => overrides.push((at, entry)),
                Err(error) => errors.push(field_error(&at, &error)),
            }
        }
    }
    let template = match table.get("template") {
        Some(value) => match value.clone().try_into::<TemplateExtension>() {
            Ok(template) => template,
            Err(error) => {
                errors.push(field_error("template", &error));
                TemplateExtension::default()
            }
        },
        None => TemplateExtension::default(),
    };
    let pack = meta.map(|meta| LoadedPack {
        meta,
        rules,
        overrides,
        template,
        source,
    });
    (pack, errors)
}

/// Loads a built-in pack by name.
///
/// # Errors
/// An unknown name (or, for a broken build, an invalid built-in pack).
pub fn builtin(name: &str) -> Result<LoadedPack, PackErrors> {
    let (_, text) = BUILTIN.iter().find(|(id, _)| *id == name).ok_or_else(|| {
        PackErrors::one(PackError::UnknownBuiltin {
            name: name.to_string(),
        })
    })?;
    parse(Arc::new(PackSource {
        name: format!("builtin:{name}"),
        text: (*text).to_string(),
        dir: None,
    }))
}

/// Loads a pack file.
///
/// # Errors
/// IO errors and everything `parse` reports.
pub fn from_file(file: &Path) -> Result<LoadedPack, PackErrors> {
    let text = std::fs::read_to_string(file).map_err(|source| {
        PackErrors::one(PackError::Read {
            path: file.display().to_string(),
            source,
        })
    })?;
    parse(Arc::new(PackSource {
        name: file.display().to_string(),
        text,
        dir: file.parent().map(Path::to_path_buf),
    }))
}

/// Resolves a pack's `extends`, rules and overrides into the list of rules
/// it stands for, on top of `base` (the rules of the national pack the
/// report year chose, when the pack extends `national`).
///
/// # Errors
/// Unknown or duplicate codes, unreadable extended packs, cycles.
pub fn resolve(
    pack: &LoadedPack,
    base: &str,
    seen: &mut Vec<String>,
) -> Result<Vec<ResolvedRule>, PackErrors> {
    let (rules, errors) = resolve_partial(pack, base, seen);
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(PackErrors { errors })
    }
}

/// [`resolve`], with the rules it could resolve despite the errors (a rule
/// defined twice, an override of an unknown code), so that `rules check`
/// goes on to check those rules too.
fn resolve_partial(
    pack: &LoadedPack,
    base: &str,
    seen: &mut Vec<String>,
) -> (Vec<ResolvedRule>, Vec<PackError>) {
    let mut errors = Vec::new();
    let mut rules: Vec<ResolvedRule> = Vec::new();
    if seen.contains(&pack.meta.id) {
        errors.push(invalid(
            &pack.source,
            locate(&pack.source, "pack.extends", false),
            format!("`extends` makes a cycle through `{}`", pack.meta.id),
            "cycle",
            None,
        ));
        return (rules, errors);
    }
    seen.push(pack.meta.id.clone());
    for (index, parent) in pack.meta.extends.iter().enumerate() {
        let loaded = if parent == "national" {
            builtin(base)
        } else if BUILTIN.iter().any(|(id, _)| id == parent) {
            builtin(parent)
        } else {
            match &pack.source.dir {
                Some(dir) => from_file(&dir.join(parent)),
                None => Err(PackErrors::one(PackError::UnknownBuiltin {
                    name: parent.clone(),
                })),
            }
        };
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(mut nested) => {
                // Point at the `extends` entry, then explain.
                errors.push(invalid(
                    &pack.source,
                    locate(&pack.source, &format!("pack.extends.{index}"), false),
                    format!("cannot use pack `{parent}`"),
                    "extended here",
                    None,
                ));
                errors.append(&mut nested.errors);
                continue;
            }
        };
        let (parent_rules, mut nested) = resolve_partial(&loaded, base, seen);
        errors.append(&mut nested);
        for rule in parent_rules {
            match rules
                .iter_mut()
                .find(|existing| existing.entry.code == rule.entry.code)
            {
                Some(existing) => *existing = rule,
                None => rules.push(rule),
            }
        }
    }
    seen.pop();
    let url = pack.meta.url.clone();
    for (at, entry) in &pack.rules {
        let at = at.clone();
        if rules
            .iter()
            .any(|existing| existing.entry.code == entry.code)
        {
            errors.push(invalid(
                &pack.source,
                locate(&pack.source, &format!("{at}.code"), false),
                format!("duplicate rule code `{}`", entry.code),
                "already defined",
                Some("change an existing rule with [[override]] code = \"…\"; new rules need new codes".into()),
            ));
            continue;
        }
        if rules
            .iter()
            .any(|existing| existing.entry.name == entry.name)
        {
            errors.push(invalid(
                &pack.source,
                locate(&pack.source, &format!("{at}.name"), false),
                format!("duplicate rule name `{}`", entry.name),
                "already used",
                None,
            ));
            continue;
        }
        rules.push(ResolvedRule {
            entry: entry.clone(),
            origin: pack.meta.id.clone(),
            off: false,
            messages_overridden: false,
            source: Arc::clone(&pack.source),
            path: at,
            url: url
                .as_ref()
                .map(|url| url.replace("{code}", &entry.code.to_lowercase())),
        });
    }
    for (at, change) in &pack.overrides {
        let at = at.clone();
        let Some(rule) = rules.iter_mut().find(|rule| rule.entry.code == change.code) else {
            // A code of another year's national pack: nothing to change here.
            if pack.meta.extends.iter().any(|parent| parent == "national")
                && builtin_codes().contains(&change.code)
            {
                continue;
            }
            errors.push(invalid(
                &pack.source,
                locate(&pack.source, &format!("{at}.code"), false),
                format!("no rule has the code `{}`", change.code),
                "unknown code",
                Some("`xxgk-lint rules` lists the codes of the built-in packs".into()),
            ));
            continue;
        };
        apply_override(rule, change, &pack.meta.id);
        if change.params.is_some() {
            // Parameter errors now point at the override.
            rule.source = Arc::clone(&pack.source);
            rule.path = at;
        }
    }
    (rules, errors)
}

fn apply_override(rule: &mut ResolvedRule, change: &OverrideEntry, origin: &str) {
    let entry = &mut rule.entry;
    match change.severity {
        Some(SeverityOrOff::Off) => rule.off = true,
        Some(other) => {
            rule.off = false;
            entry.severity = other.severity().expect("not off");
        }
        None => {}
    }
    if let Some(message) = &change.message {
        entry.message.clone_from(message);
    }
    rule.messages_overridden |= change.message.is_some()
        || change.message_en.is_some()
        || change.help.is_some()
        || change.help_en.is_some();
    for (target, value) in [
        (&mut entry.message_en, &change.message_en),
        (&mut entry.help, &change.help),
        (&mut entry.help_en, &change.help_en),
    ] {
        if value.is_some() {
            target.clone_from(value);
        }
    }
    if let Some(when) = &change.when {
        entry.when = Some(when.clone());
    }
    if let Some(params) = &change.params {
        for (key, value) in params {
            entry.params.insert(key.clone(), value.clone());
        }
    }
    entry.examples.extend(change.examples.iter().cloned());
    rule.origin = origin.to_string();
}

/// Compiles resolved rules into a rule set, checking every rule.
///
/// # Errors
/// Unknown kinds, invalid parameters (with the position inside an
/// expression), message placeholders the kind does not provide.
pub fn compile(rules: &[ResolvedRule], templates: &[Template]) -> Result<RuleSet, PackErrors> {
    let env = CompileEnv { templates };
    let mut errors = Vec::new();
    let mut compiled = Vec::new();
    let mut codes = HashSet::new();
    for rule in rules {
        let entry = &rule.entry;
        let source = &rule.source;
        codes.insert(entry.code.clone());
        let Some(kind) = kinds::find(&entry.kind) else {
            let names: Vec<&str> = kinds::KINDS.iter().map(|k| k.name()).collect();
            errors.push(invalid(
                source,
                locate(source, &format!("{}.kind", rule.path), false),
                format!("unknown rule kind `{}`", entry.kind),
                "unknown kind",
                Some(format!("kinds: {}", names.join(", "))),
            ));
            continue;
        };
        // Messages an override wrote are checked at the override.
        let own_messages = if rule.messages_overridden {
            Vec::new()
        } else {
            vec![
                ("message", Some(&entry.message)),
                ("message_en", entry.message_en.as_ref()),
                ("help", entry.help.as_ref()),
                ("help_en", entry.help_en.as_ref()),
            ]
        };
        for (field, template) in own_messages {
            let Some(template) = template else { continue };
            let provided = kind.placeholders_for(&entry.params);
            for name in crate::engine::message::placeholders(template) {
                if !provided.contains(&name) {
                    errors.push(invalid(
                        source,
                        locate(source, &format!("{}.{field}", rule.path), false),
                        format!("`{{{name}}}` is not a placeholder of kind `{}`", entry.kind),
                        "unknown placeholder",
                        Some(format!("placeholders: {}", provided.join(", "))),
                    ));
                }
            }
        }
        let check = match kind.compile(&entry.params, &env) {
            Ok(check) => check,
            Err(error) => {
                let at = match &error.key {
                    Some(key) => format!("{}.params.{key}", rule.path),
                    None => format!("{}.params", rule.path),
                };
                let mut range = span(
                    &source.text,
                    &path(&at),
                    error.offset.is_none() && error.message.starts_with("unknown field"),
                )
                .or_else(|| span(&source.text, &path(&rule.path), false))
                .unwrap_or(0..0);
                if let Some(offset) = error.offset {
                    // The character at the offset, whole, so that the span
                    // is a range of the text (the offset is inexact in
                    // strings with escapes).
                    let text = &source.text;
                    let at = floor_char_boundary(text, string_offset(text, &range, offset));
                    let end = text[at..range.end.max(at)]
                        .chars()
                        .next()
                        .map_or(at, |c| at + c.len_utf8());
                    range = at..end;
                }
                errors.push(invalid(
                    source,
                    range,
                    format!("rule {}: {}", entry.code, error.message),
                    "here",
                    None,
                ));
                continue;
            }
        };
        if rule.off {
            continue;
        }
        compiled.push(Rule {
            meta: meta(rule),
            check,
        });
    }
    if errors.is_empty() {
        Ok(RuleSet { rules: compiled })
    } else {
        Err(PackErrors { errors })
    }
}

fn meta(rule: &ResolvedRule) -> RuleMeta {
    let entry = &rule.entry;
    RuleMeta {
        code: entry.code.clone(),
        name: entry.name.clone(),
        kind: entry.kind.clone(),
        category: entry.category,
        severity: entry.severity,
        default_severity: entry.severity,
        message: entry.message.clone(),
        message_en: entry.message_en.clone(),
        help: entry.help.clone(),
        help_en: entry.help_en.clone(),
        summary: entry.summary.clone(),
        summary_en: entry.summary_en.clone(),
        rationale: entry.rationale.clone(),
        rationale_en: entry.rationale_en.clone(),
        when: entry.when.as_ref().map(When::from).unwrap_or_default(),
        url: rule.url.clone(),
        origin: rule.origin.clone(),
        examples: entry
            .examples
            .iter()
            .map(|example| Example {
                prev: example.prev.clone(),
                valid: example.valid.clone(),
                invalid: example.invalid.clone(),
                year: example.year,
                agency_kind: example.agency_kind.as_deref().and_then(AgencyKind::parse),
            })
            .collect(),
        params: entry.params.clone(),
    }
}

/// Every code of the built-in packs.
fn builtin_codes() -> &'static std::collections::BTreeSet<String> {
    static CODES: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        BUILTIN
            .iter()
            .filter_map(|(name, _)| builtin(name).ok())
            .flat_map(|pack| pack.rules.into_iter().map(|(_, rule)| rule.code))
            .collect()
    })
}

/// Adds a pack's extra rows and columns to `templates`.
///
/// # Errors
/// Every extension that names an unknown table, row or template, or a key
/// that is already used.
pub fn extend_templates(templates: &mut [Template], pack: &LoadedPack) -> Result<(), PackErrors> {
    let mut errors = Vec::new();
    let source = &pack.source;
    for (index, row) in pack.template.rows.iter().enumerate() {
        let at = format!("template.rows.{index}");
        if row.labels.is_empty() {
            errors.push(invalid(
                source,
                locate(source, &format!("{at}.labels"), false),
                "a row needs at least one label",
                "empty",
                None,
            ));
            continue;
        }
        let mut extended = 0;
        for template in templates.iter_mut() {
            if !row.templates.is_empty() && !row.templates.contains(&template.id) {
                continue;
            }
            let Some(table) = template.tables.iter_mut().find(|t| t.key == row.table) else {
                continue;
            };
            if table.row(&row.key).is_some() {
                errors.push(invalid(
                    source,
                    locate(source, &format!("{at}.key"), false),
                    format!(
                        "table `{}` of {} already has a row `{}`",
                        row.table, template.id, row.key
                    ),
                    "key in use",
                    None,
                ));
                continue;
            }
            let Some((block, position)) = table.blocks.iter().enumerate().find_map(|(b, block)| {
                block
                    .rows
                    .iter()
                    .position(|r| r.key == row.after)
                    .map(|p| (b, p))
            }) else {
                continue;
            };
            table.blocks[block].rows.insert(
                position + 1,
                crate::template::RowTemplate {
                    key: row.key.clone(),
                    labels: row.labels.clone(),
                    variants: row.variants.clone(),
                },
            );
            extended += 1;
        }
        if extended == 0 && errors.is_empty() {
            errors.push(invalid(
                source,
                locate(source, &format!("{at}.after"), false),
                format!(
                    "no template has a row `{}` in table `{}`",
                    row.after, row.table
                ),
                "unknown row",
                Some("row keys are listed in docs/rules.md and rules/templates/*.toml".into()),
            ));
        }
    }
    for (index, column) in pack.template.columns.iter().enumerate() {
        let at = format!("template.columns.{index}");
        let kind = match column.kind.as_deref() {
            None | Some("count") => crate::template::ColumnKind::Count,
            Some("change") => crate::template::ColumnKind::Change,
            Some("amount") => crate::template::ColumnKind::Amount,
            Some(other) => {
                errors.push(invalid(
                    source,
                    locate(source, &format!("{at}.kind"), false),
                    format!("unknown column kind `{other}`"),
                    "use count, change or amount",
                    None,
                ));
                continue;
            }
        };
        let mut extended = 0;
        for template in templates.iter_mut() {
            if !column.templates.is_empty() && !column.templates.contains(&template.id) {
                continue;
            }
            let Some(table) = template.tables.iter_mut().find(|t| t.key == column.table) else {
                continue;
            };
            let Some(block) = table
                .blocks
                .iter_mut()
                .find(|b| b.rows.iter().any(|r| r.key == column.row))
            else {
                continue;
            };
            if block.columns.iter().any(|c| c.key == column.key) {
                errors.push(invalid(
                    source,
                    locate(source, &format!("{at}.key"), false),
                    format!(
                        "the block of `{}` already has a column `{}`",
                        column.row, column.key
                    ),
                    "key in use",
                    None,
                ));
                continue;
            }
            block.columns.push(crate::template::Column {
                key: column.key.clone(),
                label: column.label.clone(),
                kind,
                unit: column.unit.clone(),
            });
            extended += 1;
        }
        if extended == 0 && errors.is_empty() {
            errors.push(invalid(
                source,
                locate(source, &format!("{at}.row"), false),
                format!(
                    "no template has a row `{}` in table `{}`",
                    column.row, column.table
                ),
                "unknown row",
                None,
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PackErrors { errors })
    }
}

/// Everything wrong with a pack, without linting anything (`rules check`):
/// schema, templates, `extends`, overrides, kinds, parameters, placeholders.
#[must_use]
pub fn check(source: Arc<PackSource>) -> Vec<PackError> {
    let (pack, mut errors) = parse_partial(source);
    let Some(pack) = pack else { return errors };
    let mut templates = crate::template::builtin().to_vec();
    if let Err(mut problems) = extend_templates(&mut templates, &pack) {
        errors.append(&mut problems.errors);
    }
    // The newest national pack: a pack that extends `national` is checked
    // against its rules.
    // Every problem at once: the rules that resolved are compiled even when
    // others did not.
    let (rules, mut problems) =
        resolve_partial(&pack, NATIONAL[NATIONAL.len() - 1], &mut Vec::new());
    errors.append(&mut problems);
    let kind_of = |code: &str| {
        rules
            .iter()
            .find(|rule| rule.entry.code == code)
            .map(|rule| (rule.entry.kind.clone(), rule.entry.params.clone()))
    };
    errors.extend(keys::validate(&pack, &templates, &kind_of));
    // Only this pack's own rules: the built-in ones are tested.
    let own: Vec<ResolvedRule> = rules
        .into_iter()
        .filter(|rule| Arc::ptr_eq(&rule.source, &pack.source))
        .collect();
    if let Err(mut problems) = compile(&own, &templates) {
        errors.append(&mut problems.errors);
    }
    errors
}

/// The segments of a dotted path (for tests and tools).
#[must_use]
pub fn segments(text: &str) -> Vec<Seg> {
    path(text)
}
