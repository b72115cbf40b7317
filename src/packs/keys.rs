//! The keys a pack names checked against what exists: templates, agency
//! kinds and levels in `when`, table keys in parameters, and the
//! placeholders of an override's messages. A misspelt key would otherwise
//! make a rule silently never fire.

use super::schema::WhenEntry;
use super::{LoadedPack, PackError, PackSource, invalid, locate};
use crate::template::Template;

/// Agency kinds a rule can be limited to (`when.agency_kinds`).
pub const AGENCY_KINDS: [&str; 2] = ["government", "department"];
/// Agency levels a rule can be limited to (`when.agency_levels`).
pub const AGENCY_LEVELS: [&str; 4] = ["township", "county", "city", "department"];

/// Every problem with the keys `pack` names. `kind_of` gives the kind and
/// parameters of a rule of an extended pack by code (for overrides'
/// placeholders).
#[must_use]
pub fn validate(
    pack: &LoadedPack,
    templates: &[Template],
    kind_of: &dyn Fn(&str) -> Option<(String, toml::Table)>,
) -> Vec<PackError> {
    let source = &pack.source;
    let template_ids: Vec<&str> = templates.iter().map(|t| t.id.as_str()).collect();
    let mut tables: Vec<&str> = templates
        .iter()
        .flat_map(|t| t.tables.iter().map(|table| table.key.as_str()))
        .collect();
    tables.sort_unstable();
    tables.dedup();
    let mut errors = Vec::new();
    let mut check = |path: String, value: &str, known: &[&str], what: &str| {
        if !known.contains(&value) {
            errors.push(unknown(source, &path, value, known, what));
        }
    };
    let mut whens: Vec<(String, &WhenEntry)> = Vec::new();
    let mut params: Vec<(String, &toml::Table)> = Vec::new();
    for (path, rule) in &pack.rules {
        if let Some(when) = &rule.when {
            whens.push((format!("{path}.when"), when));
        }
        params.push((format!("{path}.params"), &rule.params));
    }
    for (path, change) in &pack.overrides {
        if let Some(when) = &change.when {
            whens.push((format!("{path}.when"), when));
        }
        if let Some(table) = &change.params {
            params.push((format!("{path}.params"), table));
        }
    }
    if let Some(applies) = &pack.meta.applies {
        for (field, values, known, what) in [
            (
                "agency_kinds",
                &applies.agency_kinds,
                &AGENCY_KINDS[..],
                "agency kind",
            ),
            (
                "agency_levels",
                &applies.agency_levels,
                &AGENCY_LEVELS[..],
                "agency level",
            ),
        ] {
            for (at, value) in values.iter().enumerate() {
                check(format!("pack.applies.{field}.{at}"), value, known, what);
            }
        }
    }
    for (path, when) in whens {
        for (field, values, known, what) in [
            ("templates", &when.templates, &template_ids[..], "template"),
            (
                "agency_kinds",
                &when.agency_kinds,
                &AGENCY_KINDS[..],
                "agency kind",
            ),
            (
                "agency_levels",
                &when.agency_levels,
                &AGENCY_LEVELS[..],
                "agency level",
            ),
        ] {
            for (at, value) in values.iter().enumerate() {
                check(format!("{path}.{field}.{at}"), value, known, what);
            }
        }
    }
    for (path, table) in params {
        match table.get("tables") {
            Some(toml::Value::Array(values)) => {
                for (at, value) in values.iter().enumerate() {
                    if let Some(value) = value.as_str() {
                        check(format!("{path}.tables.{at}"), value, &tables, "table");
                    }
                }
            }
            Some(toml::Value::String(value)) => {
                check(format!("{path}.tables"), value, &tables, "table");
            }
            _ => {}
        }
        if let Some(toml::Value::String(value)) = table.get("table") {
            check(format!("{path}.table"), value, &tables, "table");
        }
    }
    // An override's messages may only use what the overridden rule's
    // kind fills in.
    for (path, change) in &pack.overrides {
        let Some((kind, mut params)) = kind_of(&change.code) else {
            continue;
        };
        let Some(kind) = crate::kinds::find(&kind) else {
            continue;
        };
        if let Some(changed) = &change.params {
            params.extend(changed.clone());
        }
        let provided = kind.placeholders_for(&params);
        for (field, text) in [
            ("message", &change.message),
            ("message_en", &change.message_en),
            ("help", &change.help),
            ("help_en", &change.help_en),
        ] {
            let Some(text) = text else { continue };
            for name in crate::messages::placeholders(text) {
                if !provided.contains(&name) {
                    errors.push(invalid(
                        source,
                        locate(source, &format!("{path}.{field}"), false),
                        format!(
                            "`{{{name}}}` is not a placeholder of rule {} (kind `{}`)",
                            change.code,
                            kind.name()
                        ),
                        "unknown placeholder",
                        Some(format!("placeholders: {}", provided.join(", "))),
                    ));
                }
            }
        }
    }
    errors
}

/// `unknown table `aplications`` with the nearest known one.
fn unknown(source: &PackSource, path: &str, value: &str, known: &[&str], what: &str) -> PackError {
    let nearest = known
        .iter()
        .map(|candidate| (strsim::levenshtein(value, candidate), *candidate))
        .min();
    let help = match nearest {
        Some((distance, candidate)) if distance <= 3.max(value.chars().count() / 3) => {
            format!(
                "did you mean `{candidate}`? ({what}s: {})",
                known.join(", ")
            )
        }
        _ => format!("{what}s: {}", known.join(", ")),
    };
    invalid(
        source,
        locate(source, path, false),
        format!("unknown {what} `{value}`: the rule would never apply"),
        format!("unknown {what}"),
        Some(help),
    )
}
