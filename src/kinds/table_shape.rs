//! `table-shape`: whether the tables could be read as the format lays them
//! out.
//!
//! Parameters:
//! - `check`:
//!   - `missing-table`: a table section is present but its table is not;
//!   - `missing-rows`: rows of the format not found in a table;
//!   - `value-count`: a row with fewer values than columns, none, or values
//!     that run on past the row (a scrambled extraction);
//!   - `unknown-rows`: labelled rows the format does not have (or a row
//!     given twice);
//!   - `stray-values`: numbers in a table that belong to no row;
//!   - `label-variant`: a row found under a label that differs from the
//!     format (drift, typos, annotations);
//!   - `uncertain`: a table the reader could not read with confidence (many
//!     values that belong to no row, rows left short while numbers stand
//!     elsewhere): one finding for the table. The other checks, the blank-
//!     and value-cell checks, the sums and the narrative comparisons are
//!     not made on such a table.
//! - `tables`: table keys (default: all).
//! - `min_rows`: for `missing-rows`, report only when at least this many
//!   rows were found (a fragment cut short is not a missing row; default 1).
//! - `qualities`: for `label-variant`, which non-standard labels to report
//!   (`variant`, `annotated`, `typo`; default all).
//!
//! Placeholders: `{table}`, `{row}`, `{rows}`, `{count}`, `{found}`,
//! `{expected}`, `{label}`, `{canonical}`, `{section}`, `{incomplete}`.

use serde::Deserialize;

use super::util::{quote_list, wants};
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::Label;
use crate::engine::{Ctx, Finding};
use crate::model::{RowStatus, UnrecognisedReason};
use crate::template::index::Quality;

pub struct TableShape;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    check: Mode,
    #[serde(default)]
    tables: Vec<String>,
    #[serde(default = "one")]
    min_rows: usize,
    /// For `label-variant`: which kinds of non-standard labels to report:
    /// `variant` (listed drift and typos), `annotated` (a label followed by
    /// a note in brackets, as provincial forms print them), `typo` (close to
    /// a label but unlisted). Default: all three.
    #[serde(default = "all_qualities")]
    qualities: Vec<LabelQuality>,
}

fn all_qualities() -> Vec<LabelQuality> {
    vec![
        LabelQuality::Variant,
        LabelQuality::Annotated,
        LabelQuality::Typo,
    ]
}

#[derive(Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum LabelQuality {
    Variant,
    Annotated,
    Typo,
}

fn one() -> usize {
    1
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    MissingTable,
    MissingRows,
    ValueCount,
    UnknownRows,
    StrayValues,
    LabelVariant,
    Uncertain,
}

struct Compiled {
    params: Params,
}

impl Kind for TableShape {
    fn name(&self) -> &'static str {
        "table-shape"
    }

    fn summary(&self) -> &'static str {
        "Whether each table could be read as its format lays it out: missing tables and rows, rows with the wrong number of values, unknown rows, stray numbers, non-standard row labels."
    }

    fn summary_zh(&self) -> &'static str {
        "各表格能否按其格式读取：缺少的表格和行、数值个数不对的行、未知的行、多余的数字、不规范的行标签。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &[
            "table",
            "row",
            "rows",
            "count",
            "found",
            "expected",
            "label",
            "canonical",
            "section",
            "incomplete",
        ]
    }

    fn placeholders_for(&self, params: &toml::Table) -> &'static [&'static str] {
        match params.get("check").and_then(toml::Value::as_str) {
            Some("missing-table") => &["table", "section"],
            Some("missing-rows") => &["table", "rows", "count"],
            Some("value-count") => &["table", "row", "found", "expected", "count"],
            Some("unknown-rows") => &["table", "label", "count", "expected"],
            Some("stray-values") => &["table", "count"],
            Some("uncertain") => &["table", "count", "incomplete", "found"],
            Some("label-variant") => &["table", "label", "canonical"],
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
        Ok(Box::new(Compiled { params }))
    }
}

impl Check for Compiled {
    #[allow(clippy::too_many_lines)]
    fn run(&self, cx: &mut Ctx<'_>) {
        let report = cx.report;
        for table in report
            .tables
            .iter()
            .filter(|table| wants(&self.params.tables, &table.key))
        {
            // A table that was not found has no rows of its own to report;
            // one read without confidence has one finding (`uncertain`)
            // instead of a finding per row or value.
            if !table.found && self.params.check != Mode::MissingTable {
                continue;
            }
            if table.reading.uncertain
                && matches!(
                    self.params.check,
                    Mode::MissingRows | Mode::ValueCount | Mode::UnknownRows | Mode::StrayValues
                )
            {
                continue;
            }
            let title = cx.table_title(table);
            match self.params.check {
                Mode::MissingTable => {
                    if table.found {
                        continue;
                    }
                    let Some(template) = cx.templates.iter().find_map(|t| t.table(&table.key))
                    else {
                        continue;
                    };
                    let Some(section) = report.section(&template.section) else {
                        continue;
                    };
                    // The text stops in this section: its table may follow.
                    if report.cut_within(&(section.heading.start..section.body.end)) {
                        continue;
                    }
                    // A section that states there is nothing to report may
                    // still omit the table; it is reported all the same,
                    // the format requires it.
                    cx.emit(Finding {
                        span: section.heading.clone(),
                        args: vec![("table", title), ("section", section.title.clone())],
                        ..Finding::default()
                    });
                }
                Mode::MissingRows => {
                    if !table.found || table.rows.len() < self.params.min_rows {
                        continue;
                    }
                    // The text stops inside the table: its later rows
                    // cannot be seen (the early end is reported once).
                    if report.cut_in_table(table) {
                        continue;
                    }
                    let Some(template) = cx.table_template(table) else {
                        continue;
                    };
                    let missing: Vec<String> = template
                        .blocks
                        .iter()
                        .flat_map(|block| block.rows.iter())
                        .filter(|row| table.row(&row.key).is_none())
                        .map(|row| {
                            row.labels
                                .first()
                                .cloned()
                                .unwrap_or_else(|| row.key.clone())
                        })
                        .collect();
                    if missing.is_empty() {
                        continue;
                    }
                    let span = table.span.clone().unwrap_or(table.region.clone());
                    let first_line = report.line_index.line_of(span.start);
                    let span = report
                        .lines
                        .get(first_line)
                        .map_or(span, |line| line.trimmed_span());
                    cx.emit(Finding {
                        span,
                        args: vec![
                            ("table", title.clone()),
                            ("rows", quote_list(cx.lang, &missing, 6)),
                            ("count", missing.len().to_string()),
                        ],
                        ..Finding::default()
                    });
                }
                Mode::ValueCount => {
                    // A table whose labels stand without values (labels only,
                    // or a column-major scramble): one finding for the table.
                    let empty: Vec<&crate::model::RowBinding> = table
                        .rows
                        .iter()
                        .filter(|row| row.status == RowStatus::Empty)
                        .collect();
                    if empty.len() >= 3 && empty.len() * 2 >= table.rows.len() {
                        let labels: Vec<String> = empty
                            .iter()
                            .map(|row| cx.row_label(table, &row.key))
                            .collect();
                        let first = empty[0].label.clone().unwrap_or_default();
                        cx.emit(Finding {
                            span: first,
                            label: Some(
                                cx.tr("以下各行都没有数值", "these rows have no values")
                                    .to_string(),
                            ),
                            labels: empty
                                .iter()
                                .skip(1)
                                .filter_map(|row| row.label.clone())
                                .map(|span| Label {
                                    span,
                                    message: String::new(),
                                })
                                .collect(),
                            args: vec![
                                ("table", title.clone()),
                                (
                                    "row",
                                    format!(
                                        "{}{}",
                                        cx.lang.join(&labels[..labels.len().min(3)]),
                                        cx.tr(
                                            &format!("等 {} 行", labels.len()),
                                            &format!(
                                                " and {} more rows",
                                                labels.len().saturating_sub(3)
                                            )
                                        )
                                    ),
                                ),
                                ("found", "0".to_string()),
                                ("expected", empty[0].expected.to_string()),
                                ("count", empty.len().to_string()),
                            ],
                            ..Finding::default()
                        });
                    }
                    let grouped = empty.len() >= 3 && empty.len() * 2 >= table.rows.len();
                    // The row the text stops in is cut, not short.
                    let cut_row = cut_row(report, table);
                    for row in &table.rows {
                        if grouped && row.status == RowStatus::Empty {
                            continue;
                        }
                        // Fewer values in the row the text stops in: cut.
                        if cut_row == Some(row.key.as_str())
                            && matches!(row.status, RowStatus::Short | RowStatus::Empty)
                        {
                            continue;
                        }
                        if row.status == RowStatus::Complete {
                            continue;
                        }
                        let label = cx.row_label(table, &row.key);
                        let span = row.label.clone().unwrap_or_else(|| {
                            table
                                .cells
                                .iter()
                                .find(|c| c.row == row.key)
                                .map_or(0..0, |c| c.span.clone())
                        });
                        let detail = match row.status {
                            RowStatus::Ambiguous => cx.tr(
                                "其后的数值多于列数，无法确定对应关系（表格可能在提取时被打乱）",
                                "more values follow than the row has columns; they cannot be assigned (the table may have been scrambled in extraction)",
                            ),
                            RowStatus::Empty => cx.tr("其后没有数值", "no value follows it"),
                            _ => cx.tr("数值个数与列数不符", "the number of values does not match the columns"),
                        };
                        cx.emit(Finding {
                            span,
                            label: Some(detail.to_string()),
                            args: vec![
                                ("table", title.clone()),
                                ("row", label),
                                ("found", row.found.to_string()),
                                ("expected", row.expected.to_string()),
                            ],
                            ..Finding::default()
                        });
                    }
                }
                Mode::UnknownRows => {
                    for unknown in &table.unrecognised {
                        if !matches!(
                            unknown.reason,
                            UnrecognisedReason::UnknownRow | UnrecognisedReason::Duplicate
                        ) {
                            continue;
                        }
                        let Some(label) = &unknown.label else {
                            continue;
                        };
                        let text = cx.text[label.clone()].to_string();
                        let note = if unknown.reason == UnrecognisedReason::Duplicate {
                            cx.tr("此行重复出现", "this row appears twice")
                        } else {
                            cx.tr("格式中没有此行", "the format has no such row")
                        };
                        cx.emit(Finding {
                            span: label.clone(),
                            label: Some(note.to_string()),
                            labels: unknown
                                .values
                                .iter()
                                .map(|span| Label {
                                    span: span.clone(),
                                    message: cx
                                        .tr("未计入表格", "not counted in the table")
                                        .to_string(),
                                })
                                .collect(),
                            args: vec![
                                ("table", title.clone()),
                                ("label", text),
                                ("count", unknown.values.len().to_string()),
                                ("expected", table.template.clone()),
                            ],
                            ..Finding::default()
                        });
                    }
                }
                Mode::StrayValues => {
                    for unknown in &table.unrecognised {
                        if !matches!(
                            unknown.reason,
                            UnrecognisedReason::Stray | UnrecognisedReason::Ambiguous
                        ) {
                            continue;
                        }
                        let Some(first) = unknown.values.first() else {
                            continue;
                        };
                        cx.emit(Finding {
                            span: first.clone(),
                            labels: unknown
                                .values
                                .iter()
                                .skip(1)
                                .take(20)
                                .map(|span| Label {
                                    span: span.clone(),
                                    message: String::new(),
                                })
                                .collect(),
                            args: vec![
                                ("table", title.clone()),
                                ("count", unknown.values.len().to_string()),
                            ],
                            ..Finding::default()
                        });
                    }
                }
                Mode::Uncertain => {
                    let reading = &table.reading;
                    if !reading.uncertain {
                        continue;
                    }
                    let span = reading
                        .first_problem
                        .clone()
                        .or_else(|| table.span.clone())
                        .unwrap_or_else(|| table.region.clone());
                    let first_line = report.line_index.line_of(span.start);
                    let span = report
                        .lines
                        .get(first_line)
                        .map_or(span, |line| line.trimmed_span());
                    let stray_labels = table
                        .unrecognised
                        .iter()
                        .filter(|unknown| {
                            matches!(
                                unknown.reason,
                                UnrecognisedReason::Stray | UnrecognisedReason::Ambiguous
                            )
                        })
                        .flat_map(|unknown| unknown.values.iter())
                        .take(20)
                        .map(|span| Label {
                            span: span.clone(),
                            message: String::new(),
                        })
                        .collect();
                    cx.emit(Finding {
                        span,
                        label: Some(
                            cx.tr(
                                "从此处起，表格无法按格式读取",
                                "from here the table cannot be read by its format",
                            )
                            .to_string(),
                        ),
                        labels: stray_labels,
                        args: vec![
                            ("table", title.clone()),
                            ("count", reading.stray_values.to_string()),
                            ("incomplete", reading.incomplete_rows.to_string()),
                            ("found", reading.bound_values.to_string()),
                        ],
                        ..Finding::default()
                    });
                }
                Mode::LabelVariant => {
                    // The label the text stops in was cut, not misspelt.
                    let cut_row = cut_row(report, table);
                    for row in &table.rows {
                        if cut_row == Some(row.key.as_str()) && row.status != RowStatus::Complete {
                            continue;
                        }
                        let wanted = match row.quality {
                            Quality::Exact | Quality::Partial => false,
                            Quality::Variant => {
                                self.params.qualities.contains(&LabelQuality::Variant)
                            }
                            Quality::Annotated => {
                                self.params.qualities.contains(&LabelQuality::Annotated)
                            }
                            Quality::Typo => self.params.qualities.contains(&LabelQuality::Typo),
                        };
                        if !wanted {
                            continue;
                        }
                        let Some(span) = row.label.clone() else {
                            continue;
                        };
                        let written = cx.text[span.clone()].to_string();
                        cx.emit(Finding {
                            span,
                            args: vec![
                                ("table", title.clone()),
                                ("label", written),
                                ("canonical", cx.row_label(table, &row.key)),
                            ],
                            ..Finding::default()
                        });
                    }
                }
            }
        }
    }
}

/// The row the text stops in, when it stops inside `table`: the table's
/// last row in the text.
fn cut_row<'a>(
    report: &'a crate::model::Report,
    table: &'a crate::model::Table,
) -> Option<&'a str> {
    report
        .ending
        .as_ref()
        .filter(|ending| ending.table.as_deref() == Some(table.key.as_str()))
        .and_then(|_| table.rows.iter().max_by_key(|row| row.line))
        .map(|row| row.key.as_str())
}
