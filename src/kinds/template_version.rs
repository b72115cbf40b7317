//! `template-version`: each table must use the format the report year
//! requires (gov-2019 for 2019–2020, gov-2021 from 2021). The format of
//! each table is detected from its labels, so mixed reports are caught. A
//! table whose labels are the same in both formats (表四, or a 表三 cut
//! before （六）) is not reported: its format is only inferred.
//!
//! Parameters:
//! - `tables`: table keys to check (default: all).
//!
//! Placeholders: `{table}` (title), `{template}` (detected), `{expected}`
//! (required), `{notice}` (the notice that defines the required format),
//! `{year}`.

use serde::Deserialize;

use super::util::wants;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};

pub struct TemplateVersion;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    tables: Vec<String>,
}

struct Compiled {
    tables: Vec<String>,
}

impl Kind for TemplateVersion {
    fn name(&self) -> &'static str {
        "template-version"
    }

    fn summary(&self) -> &'static str {
        "Each table must use the format the report year requires; the format of each table is detected from its labels."
    }

    fn summary_zh(&self) -> &'static str {
        "各表格须采用报告年度要求的格式；每个表格的格式按其标签判断。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["table", "template", "expected", "notice", "year"]
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
        Ok(Box::new(Compiled {
            tables: params.tables,
        }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let Some(year) = cx.report.year() else { return };
        let Some(expected) = cx
            .templates
            .iter()
            .find(|template| template.covers_year(year))
        else {
            return;
        };
        for table in cx
            .report
            .tables
            .iter()
            .filter(|table| table.found && wants(&self.tables, &table.key))
        {
            if table.template == expected.id {
                continue;
            }
            // A table with no row at all gives no evidence of its format,
            // nor does one whose labels are the same in both (表四).
            if table.rows.is_empty() || !table.template_decided {
                continue;
            }
            let Some(span) = table.span.clone() else {
                continue;
            };
            let first_line = cx.report.line_index.line_of(span.start);
            let line_span = cx
                .report
                .lines
                .get(first_line)
                .map_or(span.clone(), |line| line.trimmed_span());
            let title = cx.table_title(table);
            cx.emit(Finding {
                span: line_span,
                args: vec![
                    ("table", title),
                    ("template", table.template.clone()),
                    ("expected", expected.id.clone()),
                    ("notice", expected.notice.clone()),
                    ("year", year.to_string()),
                ],
                ..Finding::default()
            });
        }
    }
}
