//! `required-sections`: each listed top-level section must be present.
//!
//! Parameters:
//! - `sections`: section keys (`overall`, `active`, `applications`,
//!   `reviews`, `problems`, `other`); default: all six.
//!
//! - `check`: `present` (default): one finding per missing section,
//!   placed where the section should have been (the last line of the
//!   section before it); `ends-early`: one finding where the text stops
//!   before the report does (cut off inside a table, mid-sentence or after
//!   a heading), naming the sections not reached; `no-headings`: one
//!   finding when no section heading is found at all in a text with
//!   tables. Sections after an early end, and all six when no heading is
//!   found, are never reported missing one by one: whether they are there
//!   cannot be seen.
//!
//! Placeholders: `{section}` (key), `{title}` (official title with its
//! ordinal), `{titles}` (the sections not reached), `{reason}` (how the
//! text stops).
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
use crate::model::{Ending, EndingReason};

pub struct RequiredSections;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    check: Mode,
    #[serde(default)]
    sections: Option<Vec<String>>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    /// Each listed section is present.
    #[default]
    Present,
    /// The text stops before the report does.
    EndsEarly,
    /// No section heading at all.
    NoHeadings,
}

struct Compiled {
    mode: Mode,
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
        &["section", "title", "titles", "reason"]
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
        Ok(Box::new(Compiled {
            mode: params.check,
            sections,
        }))
    }
}

impl Compiled {
    /// One finding where the text begins or stops inside the report,
    /// naming the parts not reached (or the rest of the table it is cut in).
    fn ends_early(&self, cx: &mut Ctx<'_>, ending: &Ending, not_reached: Vec<String>) {
        let in_table = matches!(
            ending.reason,
            EndingReason::InTable | EndingReason::BeginsInTable
        );
        if not_reached.is_empty() && !in_table {
            return;
        }
        let reason = match ending.reason {
            EndingReason::InTable => cx.tr("止于表格之中", "stops inside a table"),
            EndingReason::MidSentence => {
                cx.tr("止于一句话中间", "stops in the middle of a sentence")
            }
            EndingReason::AtHeading => cx.tr("止于一个标题", "stops at a heading"),
            EndingReason::BeginsInTable => cx.tr(
                "始于表格之中（前面的内容不在文本中）",
                "begins inside a table (what comes before is not in the text)",
            ),
        };
        // Cut in a table with every part reached: the rest of that table
        // is what could not be checked.
        let titles = if not_reached.is_empty() {
            cx.report
                .tables
                .iter()
                .find(|table| ending.table.as_deref() == Some(table.key.as_str()))
                .map(|table| {
                    let title = cx.table_title(table);
                    cx.tr(
                        &format!("“{title}”的其余各行"),
                        &format!("the rest of “{title}”"),
                    )
                    .to_string()
                })
                .unwrap_or_default()
        } else {
            cx.lang.join(&not_reached)
        };
        cx.emit(Finding {
            span: ending.span.clone(),
            args: vec![("reason", reason.to_string()), ("titles", titles)],
            ..Finding::default()
        });
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        // A text with no section and no table is not read as a report at
        // all; `report-meta` says so once instead of six times here.
        let report = cx.report;
        if report.sections.is_empty() && !report.tables.iter().any(|t| t.found) {
            return;
        }
        // Sections after the text's early end, or before a beginning in the
        // middle of the report, are not reached.
        let reached_after = |position: usize| {
            report.ending.is_none()
                || report
                    .sections
                    .iter()
                    .any(|section| section.position >= position)
        };
        let reached_before = |position: usize| {
            report.beginning.is_none()
                || report
                    .sections
                    .iter()
                    .any(|section| section.position <= position)
        };
        let reached = |key: &str| {
            section_position(key)
                .is_none_or(|position| reached_after(position) && reached_before(position))
        };
        match self.mode {
            Mode::Present => {}
            Mode::NoHeadings => {
                if report.sections.is_empty() {
                    let first = report.lines.iter().find(|line| !line.is_blank());
                    cx.emit(Finding {
                        span: first.map_or(0..0, crate::model::Line::trimmed_span),
                        ..Finding::default()
                    });
                }
                return;
            }
            Mode::EndsEarly => {
                for (ending, at_end) in [(&report.beginning, false), (&report.ending, true)] {
                    let Some(ending) = ending else { continue };
                    // Without any heading, the sections are `no-headings`'.
                    let not_reached: Vec<String> = self
                        .sections
                        .iter()
                        .filter(|_| !report.sections.is_empty())
                        .filter(|key| report.section(key).is_none())
                        .filter(|key| {
                            section_position(key).is_some_and(|position| {
                                if at_end {
                                    !reached_after(position)
                                } else {
                                    !reached_before(position)
                                }
                            })
                        })
                        .map(|key| canonical_section_title(key))
                        .collect();
                    self.ends_early(cx, ending, not_reached);
                }
                return;
            }
        }
        if report.sections.is_empty() {
            return;
        }
        for key in &self.sections {
            if report.section(key).is_some() || !reached(key) {
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
