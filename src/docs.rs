//! Documentation generated from the rule packs: `docs/rules.md` (kept in
//! sync by a test) and `xxgk-lint explain`.

use crate::messages as m;
use std::fmt::Write as _;

use crate::engine::{Lang, RuleMeta};
use crate::kinds;
use crate::linter::Linter;

/// Every rule of the built-in packs, once, with the national packs that
/// hold it.
#[must_use]
pub fn all_rules(linter: &Linter) -> Vec<(RuleMeta, Vec<&'static str>)> {
    let mut rules: Vec<(RuleMeta, Vec<&'static str>)> = Vec::new();
    for (pack, set) in linter.variants() {
        for rule in &set.rules {
            match rules
                .iter_mut()
                .find(|(meta, _)| meta.code == rule.meta.code)
            {
                Some((_, packs)) => packs.push(pack),
                None => rules.push((rule.meta.clone(), vec![pack])),
            }
        }
    }
    rules.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    rules
}

/// `docs/rules.md`.
#[must_use]
pub fn rules_markdown(linter: &Linter) -> String {
    let rules = all_rules(linter);
    let mut out = String::new();
    out.push_str("# Rules\n\n");
    out.push_str(
        "<!-- Generated from rules/*.toml by `UPDATE_GENERATED=1 cargo test --test generated`; do not edit. -->\n\n",
    );
    out.push_str(
        "Every rule of the built-in national packs. The pack is chosen by the report year: \
         `national-2019` for 2019–2020, `national-2021` from 2021, `national-legacy` (one \
         notice) for 2018 and before. Codes are stable and never reused. Severity is the \
         default; configuration and packs can change it.\n\n",
    );
    out.push_str("| code | name | category | severity | packs | what it checks |\n|---|---|---|---|---|---|\n");
    for (meta, packs) in &rules {
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}) | `{name}` | {category} | {severity} | {packs} | {summary} |",
            code = meta.code,
            anchor = meta.code.to_lowercase(),
            name = meta.name,
            category = meta.category,
            severity = meta.default_severity,
            packs = short_packs(packs),
            summary = meta.summary.replace('|', "\\|"),
        );
    }
    out.push('\n');
    for (meta, packs) in &rules {
        out.push_str(&rule_section(meta, packs));
    }
    out
}

fn short_packs(packs: &[&str]) -> String {
    packs
        .iter()
        .map(|pack| pack.trim_start_matches("national-"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rule_section(meta: &RuleMeta, packs: &[&str]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<a id=\"{}\"></a>\n", meta.code.to_lowercase());
    let _ = writeln!(out, "## {} `{}`\n", meta.code, meta.name);
    let _ = writeln!(
        out,
        "**Category** {} · **severity** {} · **kind** `{}` · **packs** {}\n",
        meta.category,
        meta.default_severity,
        meta.kind,
        short_packs(packs)
    );
    let _ = writeln!(out, "{}\n", meta.summary);
    if let Some(english) = &meta.summary_en {
        let _ = writeln!(out, "*{english}*\n");
    }
    if let Some(rationale) = &meta.rationale {
        let _ = writeln!(out, "**Why.** {rationale}\n");
        if let Some(english) = &meta.rationale_en {
            let _ = writeln!(out, "*{english}*\n");
        }
    }
    let _ = writeln!(out, "**Message.** {}\n", meta.message);
    if let Some(help) = &meta.help {
        let _ = writeln!(out, "**Help.** {help}\n");
    }
    let when = when_text(meta, Lang::En);
    if !when.is_empty() {
        let _ = writeln!(out, "**Applies when** {when}.\n");
    }
    if !meta.params.is_empty() {
        let params = toml::to_string(&meta.params).unwrap_or_default();
        let _ = writeln!(out, "**Parameters**\n\n```toml\n{}```\n", params);
    }
    for example in &meta.examples {
        if let Some(text) = &example.prev {
            let _ = writeln!(
                out,
                "Last year's report of the same agency:\n\n```text\n{}\n```\n",
                text.trim_end()
            );
        }
        if let Some(text) = &example.invalid {
            let _ = writeln!(
                out,
                "Bad (triggers {}):\n\n```text\n{}\n```\n",
                meta.code,
                text.trim_end()
            );
        }
        if let Some(text) = &example.valid {
            let _ = writeln!(out, "Good:\n\n```text\n{}\n```\n", text.trim_end());
        }
    }
    out
}

fn when_text(meta: &RuleMeta, lang: Lang) -> String {
    let when = &meta.when;
    let or = m::WHEN_OR.get(lang);
    let mut parts = Vec::new();
    if let Some(min) = when.min_year {
        parts.push(m::WHEN_MIN_YEAR.fill(lang, &[("year", min.to_string())]));
    }
    if let Some(max) = when.max_year {
        parts.push(m::WHEN_MAX_YEAR.fill(lang, &[("year", max.to_string())]));
    }
    for (values, text) in [
        (&when.templates, m::WHEN_TEMPLATE),
        (&when.agency_kinds, m::WHEN_AGENCY_KIND),
        (&when.agency_levels, m::WHEN_AGENCY_LEVEL),
    ] {
        if !values.is_empty() {
            parts.push(text.fill(lang, &[("list", values.join(or))]));
        }
    }
    lang.join(&parts)
}

/// `xxgk-lint explain CODE`: the long explanation of one rule.
#[must_use]
pub fn explain(meta: &RuleMeta, lang: Lang) -> String {
    let mut out = String::new();
    let label = |text: m::Text| text.get(lang);
    let _ = writeln!(out, "{} {}", meta.code, meta.name);
    let _ = writeln!(out, "{}", "=".repeat(meta.code.len() + meta.name.len() + 1));
    let _ = writeln!(
        out,
        "{}{} · {}{} · {}{} · {}{}\n",
        label(m::EXPLAIN_CATEGORY),
        meta.category.word(lang),
        label(m::EXPLAIN_SEVERITY),
        meta.default_severity.word(lang),
        label(m::EXPLAIN_KIND),
        meta.kind,
        label(m::EXPLAIN_ORIGIN),
        meta.origin
    );
    let _ = writeln!(out, "{}\n", meta.summary(lang));
    if let Some(rationale) = meta.rationale(lang) {
        let _ = writeln!(out, "{}{rationale}\n", label(m::EXPLAIN_WHY));
    }
    if let Some(kind) = kinds::find(&meta.kind) {
        let _ = writeln!(
            out,
            "{}{}\n",
            label(m::EXPLAIN_HOW),
            lang.pick(kind.summary_zh(), kind.summary())
        );
    }
    let _ = writeln!(out, "{}{}", label(m::EXPLAIN_MESSAGE), meta.message(lang));
    if let Some(help) = meta.help(lang) {
        let _ = writeln!(out, "{}{help}", label(m::EXPLAIN_HELP));
    }
    let when = when_text(meta, lang);
    if !when.is_empty() {
        let _ = writeln!(out, "{}{when}", label(m::EXPLAIN_WHEN));
    }
    if !meta.params.is_empty() {
        let _ = writeln!(
            out,
            "\n{}\n{}",
            label(m::EXPLAIN_PARAMS),
            toml::to_string(&meta.params).unwrap_or_default().trim_end()
        );
    }
    for example in &meta.examples {
        if let Some(text) = &example.prev {
            let _ = writeln!(
                out,
                "\n{}\n{}",
                lang.pick(
                    "同一机关上一年度报告：",
                    "Last year's report of the same agency:"
                ),
                indent(text)
            );
        }
        if let Some(text) = &example.invalid {
            let _ = writeln!(out, "\n{}\n{}", label(m::EXPLAIN_BAD), indent(text));
        }
        if let Some(text) = &example.valid {
            let _ = writeln!(out, "\n{}\n{}", label(m::EXPLAIN_GOOD), indent(text));
        }
    }
    if let Some(url) = &meta.url {
        let _ = writeln!(out, "\n{}{url}", label(m::EXPLAIN_DOCS));
    }
    out
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The JSON Schema of rule packs (`docs/schema/rule-pack.schema.json`):
/// the pack file, with the parameters of each rule checked against its
/// kind's parameter schema.
#[must_use]
pub fn pack_schema() -> serde_json::Value {
    let mut root = schemars::schema_for!(crate::packs::PackFile).to_value();
    let mut cases = Vec::new();
    for kind in kinds::KINDS {
        let mut params = kind.params_schema().to_value();
        let prefix = format!("{}.", kind.name());
        if let Some(serde_json::Value::Object(defs)) =
            params.as_object_mut().and_then(|p| p.remove("$defs"))
        {
            for (name, def) in defs {
                let mut def = def;
                rename_refs(&mut def, &prefix);
                root["$defs"][format!("{prefix}{name}")] = def;
            }
        }
        rename_refs(&mut params, &prefix);
        if let Some(object) = params.as_object_mut() {
            object.remove("$schema");
            object.remove("title");
        }
        cases.push(serde_json::json!({
            "if": { "properties": { "kind": { "const": kind.name() } }, "required": ["kind"] },
            "then": { "properties": { "params": params } },
        }));
    }
    let names: Vec<&str> = kinds::KINDS.iter().map(|kind| kind.name()).collect();
    root["$defs"]["RuleEntry"]["properties"]["kind"]["enum"] = serde_json::json!(names);
    root["$defs"]["RuleEntry"]["allOf"] = serde_json::Value::Array(cases);
    root
}

/// Points `$ref`s of a kind's parameter schema at its renamed definitions.
fn rename_refs(value: &mut serde_json::Value, prefix: &str) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                if key == "$ref"
                    && let serde_json::Value::String(target) = inner
                    && let Some(name) = target.strip_prefix("#/$defs/")
                {
                    *target = format!("#/$defs/{prefix}{name}");
                    continue;
                }
                rename_refs(inner, prefix);
            }
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|item| rename_refs(item, prefix))
        }
        _ => {}
    }
}

/// The JSON Schema of `xxgk-lint.toml` (`docs/schema/config.schema.json`).
#[must_use]
pub fn config_schema() -> serde_json::Value {
    schemars::schema_for!(crate::config::ConfigFile).to_value()
}

/// The JSON Schema of a test report's `NAME.expect.toml`.
#[must_use]
pub fn expectations_schema() -> serde_json::Value {
    schemars::schema_for!(crate::testing::Expectations).to_value()
}

/// The reference part of `docs/rule-packs.md`: every kind, its
/// documentation (the `//!` text of its source file) and its placeholders.
#[must_use]
pub fn kinds_reference() -> String {
    let mut out = String::new();
    for kind in kinds::KINDS {
        let _ = writeln!(out, "### `{}`\n", kind.name());
        let doc = kinds::reference(kind.name()).unwrap_or_default();
        // The first paragraph repeats the kind's name in backticks: keep it.
        let _ = writeln!(out, "{}\n", doc.trim());
        let _ = writeln!(
            out,
            "Message placeholders: {}.\n",
            kind.placeholders()
                .iter()
                .map(|p| format!("`{{{p}}}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out
}
