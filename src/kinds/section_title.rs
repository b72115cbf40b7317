//! `section-title`: a section heading that is not the official title
//! (a listed variant, or only the ordinal and a keyword).
//!
//! Parameters:
//! - `titles`: optional map section key → accepted titles (without ordinal)
//!   that are not reported; default: none.
//!
//! Placeholders: `{title}` (as written), `{canonical}` (official title).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::util::canonical_section_title;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};
use crate::model::TitleMatch;
use crate::model::normalize::{normalize, strip_ordinal};

pub struct SectionTitle;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    accept: BTreeMap<String, Vec<String>>,
}

struct Compiled {
    accept: BTreeMap<String, Vec<String>>,
}

impl Kind for SectionTitle {
    fn name(&self) -> &'static str {
        "section-title"
    }

    fn summary(&self) -> &'static str {
        "A section heading that differs from the official title (a variant wording or an abbreviation)."
    }

    fn summary_zh(&self) -> &'static str {
        "与规定标题不同的部分标题（其他措辞或简称）。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["title", "canonical"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        _env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        let accept = params
            .accept
            .into_iter()
            .map(|(key, titles)| (key, titles.iter().map(|title| normalize(title)).collect()))
            .collect();
        Ok(Box::new(Compiled { accept }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        for section in &cx.report.sections {
            if section.title_match == TitleMatch::Canonical {
                continue;
            }
            let written = normalize(&section.title);
            let written = strip_ordinal(&written).trim_end_matches([':', '：']);
            if self
                .accept
                .get(&section.key)
                .is_some_and(|titles| titles.iter().any(|t| t == written))
            {
                continue;
            }
            cx.emit(Finding {
                span: section.heading.clone(),
                args: vec![
                    ("title", section.title.clone()),
                    ("canonical", canonical_section_title(&section.key)),
                ],
                ..Finding::default()
            });
        }
    }
}
