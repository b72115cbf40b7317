//! `duplicate-section`: a top-level section opened twice (the same heading
//! with its ordinal again further down), as when a part is pasted twice or
//! two drafts are merged.
//!
//! No parameters. One finding per repeated heading, pointing at the first.
//! Placeholders: `{title}` (the repeated heading as written), `{first}`
//! (the first heading of the section).

use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::Label;
use crate::engine::{Ctx, Finding};

pub struct DuplicateSection;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {}

struct Compiled;

impl Kind for DuplicateSection {
    fn name(&self) -> &'static str {
        "duplicate-section"
    }

    fn summary(&self) -> &'static str {
        "A top-level section whose heading appears a second time."
    }

    fn summary_zh(&self) -> &'static str {
        "同一个一级部分的标题再次出现。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["title", "first"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        _env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let _: Params = params(table)?;
        Ok(Box::new(Compiled))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        for section in &cx.report.sections {
            for repeated in &section.repeated {
                cx.emit(Finding {
                    span: repeated.clone(),
                    args: vec![
                        ("title", cx.text[repeated.clone()].to_string()),
                        ("first", section.title.clone()),
                    ],
                    labels: vec![Label {
                        span: section.heading.clone(),
                        message: cx.tr("第一次出现在这里", "first here").to_string(),
                    }],
                    ..Finding::default()
                });
            }
        }
    }
}
