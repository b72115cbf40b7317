//! `narrative-table`: a number stated in the prose must agree with the
//! tables ("收到申请3件" ↔ `applications.new.total`).
//!
//! Parameters:
//! - `pattern`: a regex with a named group `n` capturing the number.
//! - `expect`: one or more sums of cells written `table.row.column`
//!   (`applications.new.total + applications.carried_in.total`); the number
//!   agrees when it equals any of them (scope words such as 含上年结转 change
//!   which sum a sentence means).
//! - `section`: look only in this section (default: all prose).
//! - `max`: at most this many findings per report (default 3).
//!
//! Sums over missing, blank or non-numeric cells are not compared, nor
//! are numbers the sentence gives for another scope: another year (the
//! nearest year written before the number in its sentence is not the
//! report year: `我局2020年主动公开行政许可33项` in a 2021 report), last year
//! (上年度, 去年, 上一年度 before it in its clause, 上年结转 aside), or a
//! running total (累计, 历年, 以来 in its clause).
//! Placeholders: `{value}`, `{expected}`, `{cell}`, `{text}`.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::util::{decimal, prose_ranges};
use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::{Ctx, Finding};
use crate::expr::{self, Sign, Sum, Term};
use crate::model::Report;

pub struct NarrativeTable;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    pattern: String,
    expect: Vec<String>,
    #[serde(default)]
    section: Option<String>,
    #[serde(default = "three")]
    max: usize,
}

fn three() -> usize {
    3
}

struct Compiled {
    pattern: Regex,
    expect: Vec<(String, Sum)>,
    section: Option<String>,
    max: usize,
}

impl Kind for NarrativeTable {
    fn name(&self) -> &'static str {
        "narrative-table"
    }

    fn summary(&self) -> &'static str {
        "A number stated in the prose must agree with the table cells it restates."
    }

    fn summary_zh(&self) -> &'static str {
        "正文中复述的数字须与其对应的表格单元格一致。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["value", "expected", "cell", "text"]
    }

    fn params_schema(&self) -> schemars::Schema {
        schemars::schema_for!(Params)
    }

    fn compile(
        &self,
        table: &toml::Table,
        env: &CompileEnv<'_>,
    ) -> Result<Box<dyn Check>, ParamError> {
        let params: Params = params(table)?;
        let pattern = super::util::regex(&params.pattern, None)
            .map_err(|error| ParamError::at("pattern", format!("invalid regex: {error}")))?;
        if !pattern.capture_names().any(|name| name == Some("n")) {
            return Err(ParamError::at(
                "pattern",
                "the regex needs a named group `n` for the number",
            ));
        }
        if params.expect.is_empty() {
            return Err(ParamError::at(
                "expect",
                "`expect` must list at least one sum of cells",
            ));
        }
        let mut expect = Vec::new();
        for (index, source) in params.expect.iter().enumerate() {
            let key = format!("expect.{index}");
            let sum = expr::parse_sum(source).map_err(|error| ParamError {
                message: format!("invalid expression: {}", error.message),
                key: Some(key.clone()),
                offset: Some(error.offset),
            })?;
            for (_, term) in sum.flatten() {
                if let Term::Reference(parts) = term {
                    let known = matches!(parts.as_slice(), [table, row, column]
                    if env.templates.iter().filter_map(|t| t.table(table)).any(|t| {
                        t.row(row).is_some_and(|(block, _)| block.columns.iter().any(|c| &c.key == column))
                    }));
                    if !known {
                        let name = parts.join(".");
                        return Err(ParamError {
                            message: format!("unknown cell `{name}` (write table.row.column)"),
                            key: Some(key),
                            offset: Some(source.find(&name).unwrap_or(0)),
                        });
                    }
                }
            }
            expect.push((source.clone(), sum));
        }
        Ok(Box::new(Compiled {
            pattern,
            expect,
            section: params.section,
            max: params.max,
        }))
    }
}

/// The value of a sum of `table.row.column` cells, if every cell is a number.
fn value(report: &Report, sum: &Sum) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    for (sign, term) in sum.flatten() {
        let number = match term {
            Term::Number(number) => *number,
            Term::Reference(parts) => {
                let [table, row, column] = parts.as_slice() else {
                    return None;
                };
                let cell = report.table(table)?.cell_at(row, column)?;
                if !cell.row_complete {
                    return None;
                }
                cell.value.number()?.value
            }
            _ => return None,
        };
        total = match sign {
            Sign::Plus => total.saturating_add(number),
            Sign::Minus => total.saturating_sub(number),
        };
    }
    Some(total)
}

/// Years written as `2020年` (or `2020年度`).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("valid regex"));

/// Words that put a number in last year (上年结转 is this year's row).
static LAST_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"上一?年度|去年|上年(?:同期)?(?:[^结转]|$)|前一年").expect("valid regex")
});

/// Words that make a number a running total.
static RUNNING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("累计|累积|历年|以来").expect("valid regex"));

/// Whether the number at `number` (its match starting at `matched`) is
/// stated for another scope than the report year's table: the nearest year
/// written before it in its sentence is another year, or its clause speaks
/// of last year or a running total.
fn other_scope(text: &str, matched: usize, number: usize, year: Option<i32>) -> bool {
    let before = &text[..matched];
    let sentence_start = before.rfind(['。', '！', '？', '\n']).map_or(0, |at| {
        at + before[at..].chars().next().map_or(1, char::len_utf8)
    });
    let sentence = &text[sentence_start..number];
    let nearest_year = YEAR
        .captures_iter(sentence)
        .last()
        .and_then(|found| found.get(1))
        .and_then(|found| found.as_str().parse::<i32>().ok());
    if let (Some(stated), Some(year)) = (nearest_year, year)
        && stated != year
    {
        return true;
    }
    let clause_start = sentence
        .rfind(['，', ',', '；', ';', '：', ':'])
        .map_or(0, |at| {
            at + sentence[at..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &sentence[clause_start..];
    LAST_YEAR.is_match(clause) || RUNNING.is_match(clause)
}

impl Check for Compiled {
    fn run(&self, cx: &mut Ctx<'_>) {
        let candidates: Vec<(String, Decimal)> = self
            .expect
            .iter()
            .filter_map(|(text, sum)| value(cx.report, sum).map(|v| (text.clone(), v)))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let ranges = match &self.section {
            Some(key) => {
                let Some(section) = cx.report.section(key) else {
                    return;
                };
                vec![section.body.clone()]
            }
            None => prose_ranges(cx.report, cx.text),
        };
        let mut count = 0;
        for range in ranges {
            for captures in self.pattern.captures_iter(&cx.text[range.clone()]) {
                let Some(number) = captures.name("n") else {
                    continue;
                };
                let Ok(stated) = number.as_str().trim().parse::<Decimal>() else {
                    continue;
                };
                let whole = captures.get(0).map_or(number.range(), |m| m.range());
                if other_scope(
                    cx.text,
                    range.start + whole.start,
                    range.start + number.start(),
                    cx.report.year(),
                ) {
                    continue;
                }
                if candidates.iter().any(|(_, value)| *value == stated) {
                    continue;
                }
                count += 1;
                if count > self.max {
                    return;
                }
                let (cell, expected) = &candidates[0];
                cx.emit(Finding {
                    span: range.start + number.start()..range.start + number.end(),
                    label: Some(format!(
                        "{} {}",
                        cx.tr("表格为", "the table says"),
                        decimal(*expected)
                    )),
                    args: vec![
                        ("value", decimal(stated)),
                        ("expected", decimal(*expected)),
                        ("cell", cell.clone()),
                        (
                            "text",
                            cx.text[range.start + whole.start..range.start + whole.end].to_string(),
                        ),
                    ],
                    ..Finding::default()
                });
            }
        }
    }
}
