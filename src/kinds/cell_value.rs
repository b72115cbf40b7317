//! `cell-value`: what a table cell may hold.
//!
//! Parameters:
//! - `check`:
//!   - `blank`: blank or placeholder cells (`/`, `—`, `无`) where the format
//!     expects a number — one finding per row, each blank cell labelled;
//!   - `non-numeric`: text where a number belongs (or digits too long);
//!   - `negative`: a negative count (本年增/减 columns may be negative);
//!   - `non-integer`: a fraction in a count column;
//!   - `amount-unit`: a non-zero amount with no unit in the cell or header;
//!   - `unit-differs`: a non-zero amount whose unit (in the cell, its
//!     column header or a unit line of the table) is not the one the format
//!     prints (`本年收费金额(单位:元)` where the 2021 format says 万元: the
//!     values differ by 10,000) — one finding per column;
//!   - `zero`: a non-zero value in the listed rows (e.g. 规章 of a body
//!     that cannot make them).
//! - `tables`: table keys (default: all); `rows`: row keys (default: all).
//!
//! For `blank`, a table with blank cells in three rows or more gets one
//! finding listing the rows (every blank cell labelled, one fix for all).
//!
//! Placeholders: `{table}`, `{row}`, `{cell}`, `{text}`, `{count}`, `{rows}`
//! (for `blank`: the row, or the rows, quoted); for
//! `unit-differs` also `{unit}` (the report's) and `{expected}` (the
//! format's).

use serde::Deserialize;

use super::util::wants;
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::diagnostic::{Applicability, Edit, Fix, Label};
use crate::engine::{Ctx, Finding};
use crate::model::{Cell, CellValue};
use crate::template::ColumnKind;

pub struct CellValueKind;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    check: Mode,
    #[serde(default)]
    tables: Vec<String>,
    #[serde(default)]
    rows: Vec<String>,
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    Blank,
    NonNumeric,
    Negative,
    NonInteger,
    AmountUnit,
    UnitDiffers,
    Zero,
}

struct Compiled {
    params: Params,
}

impl Kind for CellValueKind {
    fn name(&self) -> &'static str {
        "cell-value"
    }

    fn summary(&self) -> &'static str {
        "What a table cell may hold: blank and placeholder cells, text, negative or fractional counts, amounts without a unit, values that must be zero."
    }

    fn summary_zh(&self) -> &'static str {
        "表格单元格可以填写什么：空白和占位符、文字、负数或小数的件数、未写单位的金额、应为零的数值。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &[
            "table", "row", "rows", "cell", "text", "count", "unit", "expected",
        ]
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

impl Compiled {
    fn bad(&self, cell: &Cell) -> bool {
        match self.params.check {
            Mode::Blank => matches!(cell.value, CellValue::Blank | CellValue::Placeholder),
            Mode::NonNumeric => matches!(cell.value, CellValue::Text | CellValue::Overflow),
            Mode::Negative => {
                cell.kind != ColumnKind::Change
                    && cell
                        .value
                        .number()
                        .is_some_and(|q| q.value.is_sign_negative() && !q.value.is_zero())
            }
            Mode::NonInteger => {
                cell.kind != ColumnKind::Amount
                    && cell
                        .value
                        .number()
                        .is_some_and(|q| !q.value.fract().is_zero())
            }
            Mode::AmountUnit => {
                cell.kind == ColumnKind::Amount
                    && cell.header_unit.is_none()
                    && cell
                        .value
                        .number()
                        .is_some_and(|q| q.unit.is_none() && !q.value.is_zero())
            }
            Mode::Zero => cell.value.number().is_some_and(|q| !q.value.is_zero()),
            Mode::UnitDiffers => unit_differs(cell).is_some(),
        }
    }
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let report = cx.report;
        for table in report
            .tables
            .iter()
            .filter(|t| t.found && !t.reading.uncertain && wants(&self.params.tables, &t.key))
        {
            let title = cx.table_title(table);
            let cells = table
                .cells
                .iter()
                .filter(|cell| wants(&self.params.rows, &cell.row))
                .filter(|cell| self.bad(cell));
            if self.params.check == Mode::Blank {
                // One finding per row, each blank cell labelled; a table
                // left blank in many rows is one finding listing them.
                let mut rows: Vec<(&str, Vec<&Cell>)> = Vec::new();
                for cell in cells {
                    match rows.last_mut() {
                        Some((row, list)) if *row == cell.row => list.push(cell),
                        _ => rows.push((&cell.row, vec![cell])),
                    }
                }
                if rows.len() >= GROUP_ROWS {
                    let labels: Vec<String> = rows
                        .iter()
                        .map(|(row, _)| cx.row_label(table, row))
                        .collect();
                    let rows_text = row_list(cx, &labels);
                    let blanks: Vec<&Cell> = rows.into_iter().flat_map(|(_, list)| list).collect();
                    self.emit_blanks(cx, table, &title, &blanks, rows_text);
                    continue;
                }
                for (row, blanks) in rows {
                    let rows_text = format!("“{}”", cx.row_label(table, row));
                    self.emit_blanks(cx, table, &title, &blanks, rows_text);
                }
                continue;
            }
            if self.params.check == Mode::UnitDiffers {
                // One finding per column: the unit is the header's.
                let mut seen: Vec<&str> = Vec::new();
                for cell in cells {
                    if seen.contains(&cell.column.as_str()) {
                        continue;
                    }
                    seen.push(&cell.column);
                    let Some((unit, expected)) = unit_differs(cell) else {
                        continue;
                    };
                    cx.emit(Finding {
                        span: cell.span.clone(),
                        label: Some(cx.cell_label(table, cell)),
                        args: vec![
                            ("table", title.clone()),
                            ("row", cx.row_label(table, &cell.row)),
                            ("cell", cx.cell_label(table, cell)),
                            ("text", cell.text.clone()),
                            ("count", "1".to_string()),
                            ("unit", unit.to_string()),
                            ("expected", expected.to_string()),
                        ],
                        ..Finding::default()
                    });
                }
                continue;
            }
            for cell in cells {
                cx.emit(Finding {
                    span: cell.span.clone(),
                    label: Some(cx.cell_label(table, cell)),
                    args: vec![
                        ("table", title.clone()),
                        ("row", cx.row_label(table, &cell.row)),
                        ("cell", cx.cell_label(table, cell)),
                        ("text", cell.text.clone()),
                        ("count", "1".to_string()),
                    ],
                    ..Finding::default()
                });
            }
        }
    }
}

/// From this many rows with blank cells, a table gets one finding listing
/// them instead of one per row.
const GROUP_ROWS: usize = 3;

/// `“（一）予以公开”、“（二）部分公开”、“1.属于国家秘密” 等 21 行`.
fn row_list(cx: &Ctx<'_>, labels: &[String]) -> String {
    let shown: Vec<String> = labels
        .iter()
        .take(3)
        .map(|label| format!("“{label}”"))
        .collect();
    if labels.len() <= 3 {
        return cx.lang.join(&shown);
    }
    let more = labels.len();
    cx.tr(
        &format!("{} 等 {more} 行", shown.join("、")),
        &format!("{} and {} more rows", shown.join(", "), more - 3),
    )
    .to_string()
}

impl Compiled {
    /// One finding for blank cells (of a row, or of a table): the first
    /// cell pointed at, each other one labelled, a fix filling them all.
    fn emit_blanks(
        &self,
        cx: &mut Ctx<'_>,
        table: &crate::model::Table,
        title: &str,
        blanks: &[&Cell],
        rows: String,
    ) {
        let first = blanks[0];
        let labels = blanks
            .iter()
            .skip(1)
            .map(|cell| Label {
                span: cell.span.clone(),
                message: cx.cell_label(table, cell),
            })
            .collect();
        let edits = blanks
            .iter()
            .map(|cell| Edit {
                span: cell.span.clone(),
                replacement: fill_zero(cx.text, cell),
            })
            .collect();
        cx.emit(Finding {
            span: first.span.clone(),
            label: Some(cx.cell_label(table, first)),
            labels,
            args: vec![
                ("table", title.to_string()),
                ("row", cx.row_label(table, &first.row)),
                ("rows", rows),
                ("cell", cx.cell_label(table, first)),
                ("count", blanks.len().to_string()),
                ("text", first.text.clone()),
            ],
            fix: Some(Fix {
                message: cx.tr("填写 0", "fill in 0").to_string(),
                edits,
                applicability: Applicability::Verified,
            }),
        });
    }
}

/// The unit of a non-zero amount when it is not the one the format prints:
/// (the report's unit, the format's).
fn unit_differs(cell: &Cell) -> Option<(&str, &str)> {
    if cell.kind != ColumnKind::Amount {
        return None;
    }
    let quantity = cell.value.number().filter(|q| !q.value.is_zero())?;
    let expected = cell.format_unit.as_deref()?;
    let unit = quantity.unit.as_deref().or(cell.stated_unit.as_deref())?;
    (unit != expected).then_some((unit, expected))
}

/// The text that makes a blank cell read 0: the digit, in place of the
/// whitespace of the blank. A blank that is an empty line right after
/// another empty line (cells separated by empty lines, one per paragraph)
/// becomes `0` and a line break, so that the empty line before it still
/// separates it from the previous cell and the cells after it keep their
/// positions; an empty line in a table of one cell per line without
/// separators just receives the digit.
fn fill_zero(text: &str, cell: &Cell) -> String {
    let before = &text.as_bytes()[..cell.span.start.min(text.len())];
    if cell.span.is_empty() {
        for newline in ["\r\n", "\n", "\r"] {
            if before.ends_with(newline.repeat(2).as_bytes()) {
                return format!("0{newline}");
            }
        }
    }
    "0".to_string()
}
