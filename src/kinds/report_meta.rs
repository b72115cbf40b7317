//! `report-meta`: what the reader could or could not find about the report
//! as a whole.
//!
//! Parameters:
//! - `check`:
//!   - `not-a-report`: no section heading and no table was recognised;
//!   - `year-unknown`: no year in the title or statistics period;
//!   - `out-of-scope`: a report year before 2019 (the old 条例; the formats
//!     checked here do not apply) — `max_year` (default 2018);
//!   - `title-missing`: no title line was found.
//!
//! Placeholders: `{year}`.

use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};

pub struct ReportMeta;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    check: Mode,
    #[serde(default = "last_old_year")]
    max_year: i32,
}

fn last_old_year() -> i32 {
    2018
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    NotAReport,
    YearUnknown,
    OutOfScope,
    TitleMissing,
}

struct Compiled {
    mode: Mode,
    max_year: i32,
}

impl Kind for ReportMeta {
    fn name(&self) -> &'static str {
        "report-meta"
    }

    fn summary(&self) -> &'static str {
        "Facts about the report as a whole: not recognised as a report, year unknown, year out of scope, no title."
    }

    fn summary_zh(&self) -> &'static str {
        "报告整体的情况：未识别为年度报告、年度不明、年度不在适用范围、缺少标题。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["year", "reason"]
    }

    fn placeholders_for(&self, params: &toml::Table) -> &'static [&'static str] {
        match params.get("check").and_then(toml::Value::as_str) {
            Some("not-a-report") => &["reason"],
            Some("year-unknown" | "title-missing") => &[],
            Some("out-of-scope") => &["year"],
            _ => self.placeholders(),
        }
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
            mode: params.check,
            max_year: params.max_year,
        }))
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let report = cx.report;
        let start = report
            .lines
            .iter()
            .find(|line| !line.is_blank())
            .map_or(0..0, crate::model::Line::trimmed_span);
        match self.mode {
            Mode::NotAReport => {
                if report.sections.is_empty() && !report.tables.iter().any(|table| table.found) {
                    let reason = if cx.text.trim().is_empty() {
                        cx.tr("文件为空", "the file is empty")
                    } else {
                        cx.tr(
                            "没有找到章节标题或统计表",
                            "no section heading and no statistical table found",
                        )
                    };
                    cx.emit(Finding {
                        span: start,
                        args: vec![("reason", reason.to_string())],
                        ..Finding::default()
                    });
                }
            }
            Mode::YearUnknown => {
                // An empty file is said to be empty, once (`not-a-report`).
                if report.meta.year.is_none() && !cx.text.trim().is_empty() {
                    cx.emit(Finding {
                        span: start,
                        ..Finding::default()
                    });
                }
            }
            Mode::OutOfScope => {
                let Some(year) = &report.meta.year else {
                    return;
                };
                if year.value <= self.max_year {
                    cx.emit(Finding {
                        span: year.span.clone().unwrap_or(start),
                        args: vec![("year", year.value.to_string())],
                        ..Finding::default()
                    });
                }
            }
            Mode::TitleMissing => {
                if report.meta.title.is_none() && !report.sections.is_empty() {
                    cx.emit(Finding {
                        span: start,
                        ..Finding::default()
                    });
                }
            }
        }
    }
}
