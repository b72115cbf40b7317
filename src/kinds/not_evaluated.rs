//! `not-evaluated`: identities that could not be checked because a cell
//! they need is blank, a placeholder or text. Runs after every other rule
//! and reports once per report the identity rules held up and the cells
//! that stopped them.
//!
//! No parameters. Placeholders: `{rule}` (the identity rules' codes),
//! `{count}` (number of cells).

use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::Label;
use crate::engine::{Ctx, Finding};

pub struct NotEvaluated;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {}

struct Compiled;

impl Kind for NotEvaluated {
    fn name(&self) -> &'static str {
        "not-evaluated"
    }

    fn summary(&self) -> &'static str {
        "Identities that could not be checked because a cell they need is blank or not a number (reported, never guessed)."
    }

    fn summary_zh(&self) -> &'static str {
        "因所需单元格空白或不是数字而无法核对的等式（予以报告，绝不猜测）。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["rule", "count"]
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
        // One finding for the report: the rules held up and the cells.
        let codes: Vec<String> = cx
            .skipped()
            .iter()
            .map(|entry| entry.code.clone())
            .collect();
        let mut cells: Vec<std::ops::Range<usize>> = cx
            .skipped()
            .iter()
            .flat_map(|entry| entry.cells.iter().cloned())
            .collect();
        cells.sort_by_key(|span| (span.start, span.end));
        cells.dedup();
        let Some(first) = cells.first().cloned() else {
            return;
        };
        let note = cx.tr("空白或非数字", "blank or not a number").to_string();
        cx.emit(Finding {
            span: first,
            label: Some(note.clone()),
            labels: cells
                .iter()
                .skip(1)
                .take(5)
                .map(|span| Label {
                    span: span.clone(),
                    message: note.clone(),
                })
                .collect(),
            args: vec![
                ("rule", cx.lang.join(&codes)),
                ("count", cells.len().to_string()),
            ],
            ..Finding::default()
        });
    }

    fn runs_last(&self) -> bool {
        true
    }
}
