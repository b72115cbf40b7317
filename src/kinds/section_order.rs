//! `section-order`: the top-level sections must appear in the official order
//! (一 总体情况 … 六 其他需要报告的事项).
//!
//! No parameters. One finding per heading that comes after a section that
//! should follow it. Placeholders: `{title}` (the heading as written),
//! `{previous}` (the heading it should precede).

use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::Label;
use crate::engine::{Ctx, Finding};

pub struct SectionOrder;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {}

struct Compiled;

impl Kind for SectionOrder {
    fn name(&self) -> &'static str {
        "section-order"
    }

    fn summary(&self) -> &'static str {
        "The top-level sections must appear in the official order."
    }

    fn summary_zh(&self) -> &'static str {
        "一级部分须按规定顺序排列。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["title", "previous"]
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
        let sections = &cx.report.sections;
        for (at, section) in sections.iter().enumerate() {
            let Some(later) = sections[..at]
                .iter()
                .find(|earlier| earlier.position > section.position)
            else {
                continue;
            };
            cx.emit(Finding {
                span: section.heading.clone(),
                args: vec![
                    ("title", section.title.clone()),
                    ("previous", later.title.clone()),
                ],
                labels: vec![Label {
                    span: later.heading.clone(),
                    message: cx
                        .tr("应在此节之前", "should come before this section")
                        .to_string(),
                }],
                ..Finding::default()
            });
        }
    }
}
