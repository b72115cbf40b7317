//! `required-sections`: each listed top-level section must be present.
//!
//! Parameters:
//! - `sections`: section keys (`overall`, `active`, `applications`,
//!   `reviews`, `problems`, `other`); default: all six.
//!
//! One finding per missing section, placed where the section should have
//! been (the last line of the section before it). Placeholders: `{section}`
//! (key), `{title}` (official title with its ordinal).
//!
//! ```toml
//! [[rule]]
//! kind = "required-sections"
//! [rule.params]
//! sections = ["overall", "active", "applications", "reviews", "problems", "other"]
//! ```

use serde::Deserialize;

use super::util::{canonical_section_title, missing_section_span, section_position};
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};

pub struct RequiredSections;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    sections: Option<Vec<String>>,
}

struct Compiled {
    sections: Vec<String>,
}

impl Kind for RequiredSections {
    fn name(&self) -> &'static str {
        "required-sections"
    }

    fn summary(&self) -> &'static str {
        "Each listed top-level section must be present; a missing one is reported where it should have been."
    }

    fn summary_zh(&self) -> &'static str {
        "列出的各一级部分均须具备；缺少的部分在其应在之处报告。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["section", "title"]
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
        let sections = params.sections.unwrap_or_else(|| {
            crate::template::builtin_sections()
                .sections
                .iter()
                .map(|section| section.key.clone())
                .collect()
        });
        for key in &sections {
            if section_position(key).is_none() {
                return Err(ParamError::at(
                    "sections",
                    format!("unknown section key `{key}`"),
                ));
            }
        }
        Ok(Box::new(Compiled { sections }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        // A text with no section and no table is not read as a report at
        // all; `report-meta` says so once instead of six times here.
        if cx.report.sections.is_empty() && !cx.report.tables.iter().any(|t| t.found) {
            return;
        }
        for key in &self.sections {
            if cx.report.section(key).is_some() {
                continue;
            }
            let span = missing_section_span(cx.report, cx.text, key);
            let title = canonical_section_title(key);
            cx.emit(Finding {
                span,
                label: Some(format!(
                    "{}{title}",
                    cx.tr("此后应有 ", "expected after this: ")
                )),
                args: vec![("section", key.clone()), ("title", title)],
                ..Finding::default()
            });
        }
    }
}
