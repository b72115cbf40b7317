//! `cross-year`: an equation between this year's table cells and those of
//! the same agency's report of the year before, written in the expression
//! language of `identity` with `prev.` before a reference to last year's
//! report. Evaluated by `check` over an archive (several reports of one
//! agency), never on a report alone.
//!
//! Parameters:
//! - `table`: table key (required with `each`).
//! - `expr`: the expression, or a list of expressions. With `each`,
//!   references name a row (`each = "column"`) or a column
//!   (`each = "row"`) of `table`; without, references are full cell keys
//!   `table.row.column`. `prev.` before a reference reads last year's
//!   report: `prev.applications.carried_out.total`.
//! - `each`: `column` or `row` (as for `identity`).
//! - `rows` / `columns`: limit `each` to these keys (default: every row or
//!   column where every reference exists in a format).
//! - `template`: only when this year's table was read with this template
//!   (`gov-2021`).
//!
//! An expression needs at least one reference to this year's report and
//! one to last year's. `sum(…)` is not allowed. Without last year's report
//! (no report of the same agency for the year before among the files
//! checked) the rule reports nothing; a cell that is missing in either
//! report (a row not found, or a format without that row) skips the
//! comparison; a blank or text cell skips it too and is counted as not
//! evaluated (`check --statistics`).
//!
//! The finding points at this year's first cell of the left side; this
//! year's other cells are labelled, and last year's cells are related
//! locations (file, line) in JSON (`labels` with a `path`) and SARIF
//! (`relatedLocations`).
//!
//! Placeholders: `{table}`, `{expr}`, `{lhs}`, `{rhs}`, `{cell}` (this
//! year's cell, by its labels), `{expected}` (the value the left side's
//! first cell would need), `{difference}`, `{row}`, `{column}`,
//! `{prev_year}`, `{prev_path}`, `{prev_line}` (last year's report and
//! the line of its first cell in the expression), `{prev_values}` (last
//! year's cells with their values).
//!
//! ```toml
//! [rule.params]
//! table = "applications"
//! each = "column"
//! expr = "carried_in == prev.carried_out"
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Check, CompileEnv, Kind, ParamError, params};
use crate::engine::Ctx;
use crate::expr::{self, Comparison, Sign, Term};
use crate::template::Template;

pub struct CrossYear;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    table: Option<String>,
    expr: OneOrMany,
    #[serde(default)]
    each: Option<Each>,
    #[serde(default)]
    rows: Vec<String>,
    #[serde(default)]
    columns: Vec<String>,
    #[serde(default)]
    template: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Each {
    Column,
    Row,
}

/// One operand of a compiled comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Number(Decimal),
    /// A full cell key (`applications.carried_in.total`), in last year's
    /// report when `prev`. Shared with the summaries of the reports.
    Cell {
        prev: bool,
        key: std::sync::Arc<str>,
    },
}

/// One comparison of one expression for one row or column.
#[derive(Clone, Debug)]
pub struct CrossComparison {
    /// The expression as written in the pack.
    pub expr: String,
    /// Table key of the cells.
    pub table: String,
    pub lhs: Vec<(Sign, Operand)>,
    pub comparison: Comparison,
    pub rhs: Vec<(Sign, Operand)>,
}

/// A compiled `cross-year` rule: every comparison it makes.
#[derive(Debug)]
pub struct CrossYearCheck {
    pub comparisons: Vec<CrossComparison>,
    /// Only for this year's tables read with this template.
    pub template: Option<String>,
}

impl CrossYearCheck {
    /// Every cell key the rule reads, in either report.
    pub fn keys(&self) -> impl Iterator<Item = &std::sync::Arc<str>> {
        self.comparisons.iter().flat_map(|comparison| {
            comparison
                .lhs
                .iter()
                .chain(&comparison.rhs)
                .filter_map(|(_, operand)| match operand {
                    Operand::Cell { key, .. } => Some(key),
                    Operand::Number(_) => None,
                })
        })
    }
}

impl Check for CrossYearCheck {
    /// Nothing to do on one report: `check` evaluates the rule over the
    /// archive.
    fn run(&self, _cx: &mut Ctx<'_>) {}

    fn cross_year(&self) -> Option<&CrossYearCheck> {
        Some(self)
    }
}

impl Kind for CrossYear {
    fn name(&self) -> &'static str {
        "cross-year"
    }

    fn summary(&self) -> &'static str {
        "An equation between this year's table cells and last year's report of the same agency (`prev.` references), evaluated exactly when both reports are checked together."
    }

    fn summary_zh(&self) -> &'static str {
        "本年表格单元格与同一机关上一年度报告（`prev.` 引用）之间的等式，两份报告一起检查时精确计算。"
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &[
            "table",
            "expr",
            "lhs",
            "rhs",
            "cell",
            "expected",
            "difference",
            "row",
            "column",
            "prev_year",
            "prev_path",
            "prev_line",
            "prev_values",
        ]
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
        let sources = match &params.expr {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        };
        if sources.is_empty() {
            return Err(ParamError::at(
                "expr",
                "`expr` must hold at least one expression",
            ));
        }
        if params.each.is_some() && params.table.is_none() {
            return Err(ParamError::at("table", "`each` needs `table`"));
        }
        let single =
            sources.len() == 1 && matches!(table.get("expr"), Some(toml::Value::String(_)));
        let mut comparisons = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            let key = if single {
                "expr".to_string()
            } else {
                format!("expr.{index}")
            };
            let expression = expr::parse(source).map_err(|error| ParamError {
                message: format!("invalid expression: {}", error.message),
                key: Some(key.clone()),
                offset: Some(error.offset),
            })?;
            let fail = |message: String, needle: &str| ParamError {
                message,
                key: Some(key.clone()),
                offset: Some(source.find(needle).unwrap_or(0)),
            };
            // References as (prev, parts), checked for shape.
            let mut references = Vec::new();
            for term in expression.terms() {
                match term {
                    Term::Reference(parts) => {
                        let (prev, rest) = match parts.split_first() {
                            Some((first, rest)) if first == "prev" => (true, rest.to_vec()),
                            _ => (false, parts.clone()),
                        };
                        let wanted = match params.each {
                            Some(_) => 1,
                            None => 3,
                        };
                        if rest.len() != wanted {
                            return Err(fail(
                                format!(
                                    "`{}`: a reference is {}, with `prev.` before it for last year's report",
                                    parts.join("."),
                                    match params.each {
                                        Some(Each::Column) => "a row key (each column)",
                                        Some(Each::Row) => "a column key (each row)",
                                        None => "a full cell key `table.row.column`",
                                    }
                                ),
                                &parts.join("."),
                            ));
                        }
                        references.push((prev, rest));
                    }
                    Term::Sum(pattern) => {
                        return Err(fail(
                            "`sum(…)` is not allowed in a cross-year rule".to_string(),
                            pattern,
                        ));
                    }
                    Term::Number(_) | Term::Group(_) => {}
                }
            }
            if !references.iter().any(|(prev, _)| *prev) || references.iter().all(|(p, _)| *p) {
                return Err(fail(
                    "a cross-year expression needs a reference to this year's report and one to last year's (`prev.`)".to_string(),
                    "",
                ));
            }
            let instances = instances(&params, &references, env.templates)
                .map_err(|message| fail(message, ""))?;
            for (table_key, bind) in instances {
                let operands = |sum: &expr::Sum| -> Vec<(Sign, Operand)> {
                    sum.flatten()
                        .into_iter()
                        .filter_map(|(sign, term)| match term {
                            Term::Number(number) => Some((sign, Operand::Number(*number))),
                            Term::Reference(parts) => {
                                let (prev, rest) = match parts.split_first() {
                                    Some((first, rest)) if first == "prev" => (true, rest),
                                    _ => (false, parts.as_slice()),
                                };
                                Some((
                                    sign,
                                    Operand::Cell {
                                        prev,
                                        key: bind(rest).into(),
                                    },
                                ))
                            }
                            Term::Sum(_) | Term::Group(_) => None,
                        })
                        .collect()
                };
                comparisons.push(CrossComparison {
                    expr: source.clone(),
                    table: table_key,
                    lhs: operands(&expression.lhs),
                    comparison: expression.comparison,
                    rhs: operands(&expression.rhs),
                });
            }
        }
        Ok(Box::new(CrossYearCheck {
            comparisons,
            template: params.template,
        }))
    }
}

type Binder = Box<dyn Fn(&[String]) -> String>;

/// The rows or columns the expression is evaluated for, each with how a
/// reference becomes a full cell key.
fn instances(
    params: &Params,
    references: &[(bool, Vec<String>)],
    templates: &[Template],
) -> Result<Vec<(String, Binder)>, String> {
    let has_cell = |table: &str, row: &str, column: &str| {
        templates.iter().filter_map(|t| t.table(table)).any(|t| {
            t.row(row)
                .is_some_and(|(block, _)| block.columns.iter().any(|c| c.key == column))
        })
    };
    match (params.each, params.table.as_deref()) {
        (None, _) => {
            for (_, parts) in references {
                if !has_cell(&parts[0], &parts[1], &parts[2]) {
                    return Err(format!("unknown cell `{}`", parts.join(".")));
                }
            }
            let table = references
                .iter()
                .find(|(prev, _)| !prev)
                .map(|(_, parts)| parts[0].clone())
                .unwrap_or_default();
            Ok(vec![(table, Box::new(|parts: &[String]| parts.join(".")))])
        }
        (Some(each), Some(table)) => {
            let tables: Vec<_> = templates.iter().filter_map(|t| t.table(table)).collect();
            if tables.is_empty() {
                return Err(format!("no template has a table `{table}`"));
            }
            let mut keys: Vec<String> = Vec::new();
            let given = match each {
                Each::Column => &params.columns,
                Each::Row => &params.rows,
            };
            if given.is_empty() {
                for t in &tables {
                    for block in &t.blocks {
                        let candidates: Vec<&str> = match each {
                            Each::Column => block.columns.iter().map(|c| c.key.as_str()).collect(),
                            Each::Row => block.rows.iter().map(|r| r.key.as_str()).collect(),
                        };
                        for key in candidates {
                            if !keys.iter().any(|k| k == key) {
                                keys.push(key.to_string());
                            }
                        }
                    }
                }
            } else {
                keys.clone_from(given);
            }
            let cell = |instance: &str, reference: &str| match each {
                Each::Column => (reference.to_string(), instance.to_string()),
                Each::Row => (instance.to_string(), reference.to_string()),
            };
            // Keep the instances where every reference exists in a format.
            keys.retain(|instance| {
                references.iter().all(|(_, parts)| {
                    let (row, column) = cell(instance, &parts[0]);
                    has_cell(table, &row, &column)
                })
            });
            if keys.is_empty() {
                return Err(format!(
                    "no {} of table `{table}` has every cell the expression names",
                    match each {
                        Each::Column => "column",
                        Each::Row => "row",
                    }
                ));
            }
            Ok(keys
                .into_iter()
                .map(|instance| {
                    let table = table.to_string();
                    let table_key = table.clone();
                    let binder: Binder = Box::new(move |parts: &[String]| {
                        let (row, column) = match each {
                            Each::Column => (parts[0].clone(), instance.clone()),
                            Each::Row => (instance.clone(), parts[0].clone()),
                        };
                        format!("{table}.{row}.{column}")
                    });
                    (table_key, binder)
                })
                .collect())
        }
        (Some(_), None) => Err("`each` needs `table`".to_string()),
    }
}
